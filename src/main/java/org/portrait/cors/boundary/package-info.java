/**
 * CORS for browser apps on other origins (docs/api.md §10): preflights answered before
 * authentication, and the headers a page may read exposed on every answer.
 */
package org.portrait.cors.boundary;
