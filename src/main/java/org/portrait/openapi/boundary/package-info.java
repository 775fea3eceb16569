/**
 * The OpenAPI description of the API (docs/api.md), published by the runtime at {@code /openapi}. Built in code
 * from the owner paths rather than scanned: the Graph URL tree is made of sub-resource locators that
 * scanners describe poorly, and every owner path repeats the same photo operations.
 */
package org.portrait.openapi.boundary;
