/** Finding, provisioning and managing owners of a tenant; whether the caller may is decided in org.portrait.access. */
package org.portrait.owners.control;
