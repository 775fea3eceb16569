package org.portrait.health.control;

import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * What the log says about one database outage, bounded however many requests it refuses: a line when
 * it starts (with the first cause), a summary at most every {@link #SUMMARY_EVERY_NANOS}, and a line
 * when the database answers again, each with the outage's length and the requests refused so far
 * (docs/database-outages.md). Plain state, no logging, so that it can be tested with a clock.
 */
final class OutageLog {

    /** While the database stays down, one summary line per 30 s at most. */
    static final long SUMMARY_EVERY_NANOS = 30_000_000_000L;

    private final LongSupplier nanoTime;
    private boolean open;
    private long startedAt;
    private long lastSummaryAt;
    private long refused;

    OutageLog(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** A request was refused (503) because the database is unavailable; the line that opens the outage, if it does. */
    synchronized Optional<String> refused(String requestId, String cause) {
        refused++;
        if (open) {
            return Optional.empty();
        }
        open = true;
        startedAt = nanoTime.getAsLong();
        lastSummaryAt = startedAt;
        return Optional.of("Database unavailable: " + cause + " (request " + requestId
                + "). Requests answer 503 with Retry-After until it answers again; a summary follows.");
    }

    synchronized boolean open() {
        return open;
    }

    /** The database still does not answer: a summary if the last one is old enough. */
    synchronized Optional<String> stillDown() {
        long now = nanoTime.getAsLong();
        if (!open || now - lastSummaryAt < SUMMARY_EVERY_NANOS) {
            return Optional.empty();
        }
        lastSummaryAt = now;
        return Optional.of("Database still unavailable after " + seconds(now - startedAt) + " s, "
                + refused + " requests refused so far");
    }

    /** The database answered again: the outage's summary, if one was open. */
    synchronized Optional<String> recovered() {
        if (!open) {
            return Optional.empty();
        }
        String summary = "Database available again: unavailable for " + seconds(nanoTime.getAsLong() - startedAt)
                + " s, " + refused + " requests refused";
        open = false;
        refused = 0;
        return Optional.of(summary);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e9);
    }
}
