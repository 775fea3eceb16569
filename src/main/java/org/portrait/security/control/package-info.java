/** The caller behind a request and the Graph permission table (CONTRACT section 7); no HTTP, no JWT types. */
package org.portrait.security.control;
