/**
 * Authenticates every Graph request (the bearer token in its Authorization header) and hands the
 * caller to the resources; the request's principal is the token as a MicroProfile JWT.
 */
package org.portrait.security.boundary;
