/** {@code users/delta} and {@code groups/delta}: Graph's delta query shape over the change feed (docs/api.md §13). */
package org.portrait.changes.boundary;
