package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.images.control.TestImages.GRAPH_SIDES;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Every output is a plain baseline sRGB JPEG, with nothing of the upload's metadata. */
class JpegOutputTest {

    final ImageProcessor cut = new ImageProcessor();

    @Test
    void outputsCarryNoMetadataAndAreBaseline() {
        byte[] upload = TestImages.jpeg(TestImages.photoLike(900, 700, 1));
        upload = TestImages.spliceAfterSoi(upload, TestImages.comSegment("shot by someone, somewhere"));
        upload = TestImages.spliceAfterSoi(upload, TestImages.exifSegment(1, true));

        ProcessedImage result = cut.process(upload, GRAPH_SIDES);

        List<EncodedImage> all = new ArrayList<>(result.squares());
        all.add(result.original());
        assertEquals(10, all.size());
        for (EncodedImage image : all) {
            List<Integer> markers = TestImages.markersBeforeScan(image.jpeg());
            assertFalse(markers.contains(0xE1), "APP1 (EXIF/XMP) in " + markers);
            assertFalse(markers.contains(0xE2), "APP2 (ICC) in " + markers);
            assertFalse(markers.contains(0xFE), "COM in " + markers);
            assertTrue(markers.contains(0xC0), "baseline SOF0 expected in " + markers);
            assertFalse(markers.contains(0xC2), "progressive in " + markers);
            assertFalse(contains(image.jpeg(), "secret"), "EXIF text leaked");
            assertFalse(contains(image.jpeg(), "somewhere"), "comment leaked");

            BufferedImage decoded = TestImages.decode(image);
            assertEquals(image.width(), decoded.getWidth());
            assertEquals(image.height(), decoded.getHeight());
            assertEquals(3, decoded.getColorModel().getNumComponents());
            assertTrue(decoded.getColorModel().getColorSpace().isCS_sRGB());
        }
    }

    @Test
    void concurrentCallsGiveIdenticalResults() throws Exception {
        byte[] upload = TestImages.jpeg(TestImages.photoLike(1400, 1000, 2));
        byte[] expected = cut.process(upload, GRAPH_SIDES).squares().get(4).jpeg();

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ProcessedImage>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> cut.process(upload, GRAPH_SIDES)));
            }
            for (Future<ProcessedImage> future : futures) {
                assertTrue(Arrays.equals(expected, future.get().squares().get(4).jpeg()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean contains(byte[] haystack, String needle) {
        return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
    }
}
