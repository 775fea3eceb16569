package org.portrait.images.control;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Bounds how many uploads decode at once (each may hold a raster of up to 32 MB and a core), with a
 * bounded, fair wait for a slot: under a burst of uploads the server answers 503 instead of running
 * out of heap or queueing without end.
 */
final class DecodeSlots {

    private final Semaphore slots;
    private final int size;
    private final long waitMillis;

    DecodeSlots(int size, long waitMillis) {
        this.size = Math.max(1, size);
        this.waitMillis = Math.max(0, waitMillis);
        this.slots = new Semaphore(this.size, true);
    }

    /** A taken slot; closing it gives it back. */
    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** @throws DecodersBusyException when no slot frees up within the wait */
    Slot acquire() {
        boolean acquired;
        try {
            acquired = slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            throw new DecodersBusyException(size, waitMillis);
        }
        return slots::release;
    }
}
