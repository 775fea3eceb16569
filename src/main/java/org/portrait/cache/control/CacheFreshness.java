package org.portrait.cache.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether this instance's caches may answer: only while it has recently read every other
 * instance's invalidations (cluster/control/InvalidationPoller confirms each successful read). When
 * the reads stop for longer than {@code portrait.cluster.stale-after-ms}, the caches step aside and
 * every read goes to the database, the truth, so no instance serves stale photos for longer than
 * that (docs/scaling.md).
 */
@ApplicationScoped
public class CacheFreshness {

    @Inject
    @ConfigProperty(name = "portrait.cluster.stale-after-ms", defaultValue = "2000")
    long staleAfterMillis;

    /** System.nanoTime() when the last successful read of invalidations started; 0: never. */
    private volatile long confirmedAt;
    private volatile boolean confirmedOnce;

    /** Everything written before {@code startedAt} (a System.nanoTime()) is known here. */
    public void confirm(long startedAt) {
        confirmedAt = startedAt;
        confirmedOnce = true;
    }

    /** True while the caches may be read and filled. */
    public boolean trusted() {
        return confirmedOnce && System.nanoTime() - confirmedAt < staleAfterMillis * 1_000_000;
    }
}
