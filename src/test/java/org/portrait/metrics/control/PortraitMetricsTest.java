package org.portrait.metrics.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.portrait.errors.entity.PayloadTooLargeException;
import org.portrait.images.control.InvalidImageException;
import org.portrait.owners.control.OwnerNotFoundException;
import org.portrait.access.control.AccessDeniedException;

class PortraitMetricsTest {

    @Test
    void uploadsAreCountedByWhyTheyEnded() {
        assertEquals("stored", PortraitMetrics.result(null));
        assertEquals("invalid_image", PortraitMetrics.result(new InvalidImageException("not an image")));
        assertEquals("too_large", PortraitMetrics.result(new PayloadTooLargeException(10)));
        assertEquals("denied", PortraitMetrics.result(new AccessDeniedException("no")));
        assertEquals("not_found", PortraitMetrics.result(new OwnerNotFoundException("x")));
        assertEquals("failed", PortraitMetrics.result(new IllegalStateException("database")));
    }

    @Test
    void everyResultIsRegisteredUpFront() {
        for (Throwable failure : new Throwable[] {null, new InvalidImageException("x"), new PayloadTooLargeException(1),
                new AccessDeniedException("x"), new OwnerNotFoundException("x"), new RuntimeException()}) {
            String result = PortraitMetrics.result(failure);
            assertEquals(true, PortraitMetrics.RESULTS.contains(result), result);
        }
    }
}
