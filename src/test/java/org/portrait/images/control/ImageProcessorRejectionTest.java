package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.images.control.TestImages.GRAPH_SIDES;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What is refused, with which client-safe message. */
class ImageProcessorRejectionTest {

    static final String UNSUPPORTED = "The body is not an image of a supported format (JPEG, PNG, GIF, BMP, WebP).";
    static final String CORRUPT = "The image is corrupt or truncated.";

    final ImageProcessor cut = new ImageProcessor();

    @Test
    void empty() {
        assertRejected(new byte[0], UNSUPPORTED);
    }

    @Test
    void nullBody() {
        assertRejected(null, UNSUPPORTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "<!DOCTYPE html><html><body><img src=x></body></html>",
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "GIF",
            "RIFF\0\0\0\0AVI LIST",
    })
    void textAndOtherFormats(String body) {
        assertRejected(body.getBytes(StandardCharsets.ISO_8859_1), UNSUPPORTED);
    }

    @Test
    void randomBytes() {
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] noise = new byte[1 + random.nextInt(4000)];
            random.nextBytes(noise);
            InvalidImageException e = assertThrows(InvalidImageException.class, () -> cut.process(noise, GRAPH_SIDES));
            assertClientSafe(e.getMessage());
        }
    }

    /** ImageIO can read TIFF (and guesses WBMP from almost anything): neither is on our list. */
    @Test
    void tiffIsNotAccepted() {
        assertRejected(TestImages.write(TestImages.photoLike(20, 20, 1), "tiff"), UNSUPPORTED);
    }

    @Test
    void truncatedJpeg() {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(400, 300, 2));
        assertRejected(Arrays.copyOf(jpeg, jpeg.length / 2), CORRUPT);
    }

    @Test
    void truncatedProgressiveJpeg() {
        byte[] jpeg = TestImages.progressiveJpeg(TestImages.photoLike(400, 300, 3));
        assertRejected(Arrays.copyOf(jpeg, jpeg.length * 3 / 4), CORRUPT);
    }

    @Test
    void jpegCutInItsHeader() {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(400, 300, 4));
        assertRejected(Arrays.copyOf(jpeg, 40), CORRUPT);
    }

    @Test
    void truncatedPng() {
        byte[] png = TestImages.write(TestImages.photoLike(400, 300, 5), "png");
        assertRejected(Arrays.copyOf(png, png.length / 2), CORRUPT);
    }

    @Test
    void truncatedGif() {
        byte[] gif = TestImages.write(TestImages.photoLike(400, 300, 8), "gif");
        assertRejected(Arrays.copyOf(gif, gif.length / 2), CORRUPT);
    }

    @Test
    void truncatedBmp() {
        byte[] bmp = TestImages.write(TestImages.photoLike(400, 300, 9), "bmp");
        assertRejected(Arrays.copyOf(bmp, bmp.length / 2), CORRUPT);
    }

    @ParameterizedTest
    @ValueSource(ints = {20, 30, 60})
    void truncatedWebp(int length) {
        byte[] webp = Base64.getDecoder().decode(ImageProcessorFormatsTest.WEBP_LOSSY);
        assertRejected(Arrays.copyOf(webp, length), CORRUPT);
    }

    @Test
    void pngWithCorruptPixelData() {
        byte[] png = TestImages.write(TestImages.photoLike(400, 300, 6), "png");
        byte[] broken = png.clone();
        for (int i = 200; i < 260; i++) {
            broken[i] = (byte) 0xA5;
        }
        assertRejected(broken, CORRUPT);
    }

    /** 20000x20000 declared in a valid 57-byte PNG: refused from the header, before any pixel buffer exists. */
    @Test
    void decompressionBombIsRefusedFromTheHeader() {
        byte[] bomb = TestImages.pngWithHeader(20000, 20000, TestImages.deflate(new byte[100]));
        assertTrue(bomb.length < 80, "bomb is " + bomb.length + " bytes");
        cut.process(TestImages.write(TestImages.photoLike(8, 8, 1), "png"), GRAPH_SIDES); // ImageIO start-up off the clock

        InvalidImageException e = assertTimeoutPreemptively(Duration.ofSeconds(1),
                () -> assertThrows(InvalidImageException.class, () -> cut.process(bomb, GRAPH_SIDES)));
        assertEquals("The image has too many pixels (400000000 > 50000000).", e.getMessage());
    }

    @Test
    void maxPixelsIsConfigurable() {
        cut.maxPixels = 10_000;
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(200, 100, 7));

        assertRejected(jpeg, "The image has too many pixels (20000 > 10000).");
        cut.maxPixels = 20_000;
        assertEquals(200, cut.process(jpeg, GRAPH_SIDES).original().width());
    }

    @Test
    void zeroWidthPng() {
        assertRejected(TestImages.pngWithHeader(0, 100, TestImages.deflate(new byte[1])), null);
    }

    @Test
    void zeroSizeGif() {
        // Header, 0x0 logical screen, no colour table; an image descriptor of 0x0; minimal LZW data.
        byte[] gif = {'G', 'I', 'F', '8', '9', 'a', 0, 0, 0, 0, 0, 0, 0,
                0x2C, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                2, 2, 0x4C, 0x01, 0, 0x3B};
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> cut.process(gif, GRAPH_SIDES));
        assertClientSafe(e.getMessage());
    }

    private void assertRejected(byte[] body, String expectedMessage) {
        InvalidImageException e = assertThrows(InvalidImageException.class, () -> cut.process(body, GRAPH_SIDES));
        if (expectedMessage != null) {
            assertEquals(expectedMessage, e.getMessage());
        }
        assertClientSafe(e.getMessage());
    }

    private static void assertClientSafe(String message) {
        assertTrue(message.startsWith("The "), message);
        assertFalse(message.contains("Exception") || message.contains("java") || message.contains("/")
                || message.contains("com."), message);
    }
}
