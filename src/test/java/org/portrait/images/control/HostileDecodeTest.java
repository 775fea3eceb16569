package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.images.control.TestImages.GRAPH_SIDES;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.portrait.it.HostileImages;

/**
 * Hostile uploads against the pipeline itself: what each costs in time and in heap, and the limits that
 * bound both (scan and segment counts, the decode deadline, the decode slots).
 * <p>
 * Memory is measured with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}: the bytes the
 * decoding thread allocated on the Java heap during one {@code process} call (a sum of allocations, so an
 * upper bound of what it held at once). It does not see native memory (libjpeg's buffers, inflaters).
 */
class HostileDecodeTest {

    /** A refused upload may cost its header parse and at most one budget-sized raster (8 M pixels, 32 MB). */
    static final long REFUSED_HEAP_BOUND = 40L * 1024 * 1024;

    /**
     * What a legitimate upload of the most pixels a hostile header may declare here (a 7000x7000 JPEG, 49 M
     * pixels) allocates through the whole pipeline: the bound for hostile uploads that are accepted.
     */
    static long ordinaryPhotoAllocation;

    final ImageProcessor cut = new ImageProcessor();

    @BeforeAll
    static void measureAnOrdinaryPhoto() {
        byte[] photo = TestImages.jpeg(TestImages.halves(7000, 7000, TestImages.RED, TestImages.BLUE));
        ImageProcessor processor = new ImageProcessor();
        processor.process(photo, GRAPH_SIDES); // warm up: class loading and reader registries allocate too
        ordinaryPhotoAllocation = allocatedBy(() -> processor.process(photo, GRAPH_SIDES));
        System.out.printf("HostileDecodeTest legitimate 7000x7000 JPEG: %,d bytes allocated%n", ordinaryPhotoAllocation);
    }

    static long allocatedBy(Runnable task) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        task.run();
        return threads.getThreadAllocatedBytes(thread) - before;
    }

    static Stream<Arguments> hostile() {
        return Stream.of(
                Arguments.of("PNG declaring 100000x100000", (Supplier<byte[]>) () -> HostileImages.pngDeclaring(100_000, 100_000)),
                Arguments.of("PNG declaring 7072x7072 (50 M pixels)", (Supplier<byte[]>) () -> HostileImages.pngDeclaring(7072, 7072)),
                Arguments.of("JPEG declaring 65535x65535", (Supplier<byte[]>) () -> HostileImages.jpegDeclaring(65535, 65535)),
                Arguments.of("JPEG declaring 7000x7000 over 16x16 data", (Supplier<byte[]>) () -> HostileImages.jpegDeclaring(7000, 7000)),
                Arguments.of("GIF declaring 65535x65535", (Supplier<byte[]>) () -> HostileImages.gifDeclaring(65535, 65535)),
                Arguments.of("GIF declaring 7000x7000", (Supplier<byte[]>) () -> HostileImages.gifDeclaring(7000, 7000)),
                Arguments.of("BMP declaring 100000x100000", (Supplier<byte[]>) () -> HostileImages.bmpDeclaring(100_000, 100_000)),
                Arguments.of("BMP declaring 7000x7000", (Supplier<byte[]>) () -> HostileImages.bmpDeclaring(7000, 7000)),
                Arguments.of("WebP VP8X 16384x16384", (Supplier<byte[]>) () -> HostileImages.webpVp8xDeclaring(16384, 16384)),
                Arguments.of("WebP VP8 16383x16383", (Supplier<byte[]>) () -> HostileImages.webpVp8Declaring(16383, 16383)),
                Arguments.of("WebP VP8L 7000x7000", (Supplier<byte[]>) () -> HostileImages.webpVp8lDeclaring(7000, 7000)),
                Arguments.of("PNG zTXt inflating to 512 MB", (Supplier<byte[]>) () -> HostileImages.pngWithZtxtBomb(512 << 20)),
                Arguments.of("PNG iCCP inflating to 512 MB", (Supplier<byte[]>) () -> HostileImages.pngWithIccpBomb(512 << 20)),
                Arguments.of("PNG IDAT inflating to 512 MB", (Supplier<byte[]>) () -> HostileImages.pngWithOversizedIdat(512 << 20)),
                Arguments.of("JPEG with 100000 APP segments", (Supplier<byte[]>) () -> HostileImages.jpegWithAppFlood(100_000)),
                Arguments.of("JPEG with 100000 COM segments", (Supplier<byte[]>) () -> HostileImages.jpegWithCommentFlood(100_000)),
                Arguments.of("progressive JPEG with 100000 extra scans", (Supplier<byte[]>) () -> HostileImages.progressiveScanFlood(1024, 100_000)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostile")
    void hostileUploadsStayWithinTheHeapBoundAndSeconds(String name, Supplier<byte[]> body) {
        byte[] data = body.get();
        String[] outcome = new String[1];
        boolean[] accepted = new boolean[1];
        long started = System.nanoTime();
        long allocated = allocatedBy(() -> {
            try {
                ProcessedImage image = cut.process(data, GRAPH_SIDES);
                accepted[0] = true;
                outcome[0] = "accepted as " + image.original().width() + "x" + image.original().height();
            } catch (InvalidImageException refused) {
                outcome[0] = "refused: " + refused.getMessage();
            }
        });
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("HostileDecodeTest %-45s %,12d bytes allocated %6d ms  %s%n", name, allocated, took.toMillis(), outcome[0]);
        long bound = accepted[0] ? ordinaryPhotoAllocation : REFUSED_HEAP_BOUND;
        assertTrue(allocated < bound, name + " allocated " + allocated + " bytes on the heap, bound " + bound);
        assertTrue(took.toSeconds() < 5, name + " took " + took);
    }

    @Test
    void aScanFloodIsRefusedBeforeDecoding() {
        InvalidImageException refused = assertThrows(InvalidImageException.class,
                () -> cut.process(HostileImages.progressiveScanFlood(256, JpegStructure.MAX_SCANS), GRAPH_SIDES));
        assertEquals("The image has more than 256 scans.", refused.getMessage());
    }

    @Test
    void ordinaryProgressiveJpegsAreWellWithinTheScanLimit() {
        byte[] progressive = TestImages.progressiveJpeg(TestImages.photoLike(300, 200, 4));
        assertEquals(300, cut.process(progressive, GRAPH_SIDES).original().width());
    }

    @Test
    void segmentFloodsAreRefusedAboveTheLimitOnly() {
        int limit = JpegStructure.MAX_METADATA_SEGMENTS - 1; // the JFIF APP0 segment counts too
        assertEquals(64, cut.process(HostileImages.jpegWithAppFlood(limit), GRAPH_SIDES).original().width());
        assertEquals(64, cut.process(HostileImages.jpegWithCommentFlood(limit), GRAPH_SIDES).original().width());
        assertEquals("The image has more than 1024 metadata segments.", assertThrows(InvalidImageException.class,
                () -> cut.process(HostileImages.jpegWithAppFlood(limit + 1), GRAPH_SIDES)).getMessage());
        assertEquals("The image has more than 1024 metadata segments.", assertThrows(InvalidImageException.class,
                () -> cut.process(HostileImages.jpegWithCommentFlood(limit + 1), GRAPH_SIDES)).getMessage());
    }

    @Test
    void aScanFloodOverTheScanPixelBudgetIsRefusedBeforeDecoding() {
        int scans = (int) (JpegStructure.MAX_SCAN_PIXELS / (4000L * 4000)) + 1; // within MAX_SCANS
        byte[] flood = HostileImages.progressiveScanFlood(4000, scans);
        long started = System.nanoTime();
        InvalidImageException refused = assertThrows(InvalidImageException.class, () -> cut.process(flood, GRAPH_SIDES));
        assertEquals("The image has more than 2000000000 pixels to decode over all its scans.", refused.getMessage());
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) < 500, "decoded before refusing");
    }

    /** A legitimate but large progressive JPEG takes seconds to decode: a short deadline stops it early. */
    @Test
    void theDecodeTimeoutStopsASlowDecode() {
        byte[] slow = slowJpeg();
        cut.decodeTimeoutMillis = 300;
        long started = System.nanoTime();
        InvalidImageException refused = assertThrows(InvalidImageException.class, () -> cut.process(slow, GRAPH_SIDES));
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertEquals("The image could not be processed within 300 ms.", refused.getMessage());
        System.out.printf("HostileDecodeTest: a 300 ms deadline stopped the decode after %d ms%n", tookMillis);
        assertTrue(tookMillis < 3_000, "stopped only after " + tookMillis + " ms");

        cut.decodeTimeoutMillis = 60_000;
        long unbounded = System.nanoTime();
        assertEquals(9, cut.process(slow, GRAPH_SIDES).squares().size(), "all nine squares");
        long unboundedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - unbounded);
        System.out.printf("HostileDecodeTest: without the deadline the same upload took %d ms%n", unboundedMillis);
        assertTrue(unboundedMillis > 2 * tookMillis, "without the deadline the decode is not much slower ("
                + unboundedMillis + " ms), so the test proves nothing");
    }

    private static byte[] slowJpegBytes;

    /** A 7000x7000 progressive JPEG (49 M pixels, 320 KB, about 2 s to process), made once. */
    static synchronized byte[] slowJpeg() {
        if (slowJpegBytes == null) {
            slowJpegBytes = HostileImages.largeProgressiveJpeg(7000);
        }
        return slowJpegBytes;
    }

    @Test
    void saturatedDecodeSlotsRefuseAfterTheBoundedWait() throws Exception {
        cut.maxConcurrentDecodes = 1;
        cut.decodeWaitMillis = 200;
        cut.decodeTimeoutMillis = 60_000;
        byte[] slow = slowJpeg();
        byte[] small = TestImages.jpeg(TestImages.photoLike(100, 100, 5));
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Void> occupant = CompletableFuture.runAsync(() -> {
            started.countDown();
            cut.process(slow, GRAPH_SIDES);
        });
        started.await();
        Thread.sleep(300); // the occupant is decoding by now (its decode takes over a second)
        long waitStarted = System.nanoTime();
        DecodersBusyException busy = assertThrows(DecodersBusyException.class, () -> cut.process(small, GRAPH_SIDES));
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - waitStarted);
        assertTrue(waited >= 150 && waited < 1_000, "waited " + waited + " ms");
        assertFalse(busy.getMessage().contains("org.portrait"), busy.getMessage());
        occupant.get(30, TimeUnit.SECONDS);
        assertEquals(100, cut.process(small, GRAPH_SIDES).original().width(), "the slot is given back");
    }
}
