/** Request-level failures shared by every component, free of HTTP types. */
package org.portrait.errors.entity;
