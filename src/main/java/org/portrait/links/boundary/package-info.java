/** The unauthenticated link path {@code /photo-links/{link}} that serves a signed link's bytes (docs/api.md §12). */
package org.portrait.links.boundary;
