/**
 * {@code POST /v1.0/$batch} and {@code /beta/$batch} (docs/api.md §9): each inner request is
 * forwarded through the container to the same filters and resources as a request sent alone, and
 * its answer is collected into the batch's JSON.
 */
package org.portrait.batch.boundary;
