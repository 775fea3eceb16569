/**
 * In-memory caches of the read path: bounded, read-through, and safe against a read racing with a
 * write (docs/performance.md). Each component keeps its own caches and invalidates them on its own
 * writes; nothing here knows owners or photos.
 */
package org.portrait.cache.control;
