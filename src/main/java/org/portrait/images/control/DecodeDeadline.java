package org.portrait.images.control;

import java.util.concurrent.TimeUnit;

/**
 * The moment by which one upload must be decoded and encoded. Checked between the pipeline's stages
 * and, through {@link DeadlineImageInputStream}, while a reader pulls bytes: ImageIO readers cannot be
 * stopped from another thread (the JDK JPEG reader's {@code abort()} refuses calls from any thread but
 * the reading one), so the reading thread itself has to notice.
 */
final class DecodeDeadline {

    private final long deadlineNanos;
    private final long timeoutMillis;

    private DecodeDeadline(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
        this.deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** A deadline {@code timeoutMillis} from now; zero or less means none. */
    static DecodeDeadline in(long timeoutMillis) {
        return new DecodeDeadline(timeoutMillis <= 0 ? TimeUnit.DAYS.toMillis(365) : timeoutMillis);
    }

    boolean passed() {
        return System.nanoTime() - deadlineNanos > 0;
    }

    /** @throws InvalidImageException once the deadline has passed */
    void check() {
        if (passed()) {
            throw InvalidImageException.tooSlow(timeoutMillis);
        }
    }
}
