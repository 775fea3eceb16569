/**
 * The photo change feed (docs/links-and-changes.md): a per-tenant change number written in the same
 * transaction as every photo and owner change, and the delta rounds read from it.
 */
package org.portrait.changes.control;
