/**
 * Signed photo links (docs/links-and-changes.md): short-lived URLs that name one photo's exact
 * bytes, signed with HMAC-SHA256 under a configured key, so that {@code <img src>} needs no token.
 */
package org.portrait.links.control;
