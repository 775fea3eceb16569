/**
 * JSON batching (docs/api.md §9) without the servlet API: reading and checking a {@code $batch} body
 * into inner requests in the order they run, refusing a malformed batch before anything runs.
 */
package org.portrait.batch.control;
