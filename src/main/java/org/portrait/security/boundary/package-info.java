/** Reads the verified MicroProfile JWT: the only place that sees token claims. */
package org.portrait.security.boundary;
