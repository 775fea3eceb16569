/**
 * The Graph URL tree (docs/api.md §1): {@code /v1.0} and {@code /beta} roots, users, groups, teams,
 * folders, contacts and their photos. Thin resources: each binds input, asks {@link org.portrait.access.control.Access}
 * for the owner, calls one control method and shapes the answer. Sub-resources are made by the runtime.
 */
package org.portrait.directory.boundary;
