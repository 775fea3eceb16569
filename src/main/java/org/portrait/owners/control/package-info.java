/** Finding, provisioning and managing owners, with the caller's permissions and tenant applied. */
package org.portrait.owners.control;
