package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.images.control.TestImages.BLUE;
import static org.portrait.images.control.TestImages.RED;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Reader choice, subsampled decoding, and decoding just the centre square. */
class ImageDecoderTest {

    @ParameterizedTest
    @CsvSource({"jpeg, JPEG", "png, PNG", "gif, GIF", "bmp, BMP"})
    void sniffsTheFormatFromTheBytes(String written, ImageFormat expected) throws IOException {
        assertEquals(expected, chosenFor(TestImages.write(TestImages.photoLike(20, 10, 1), written)).format());
    }

    @Test
    void sniffsWebp() throws IOException {
        assertEquals(ImageFormat.WEBP, chosenFor(Base64.getDecoder().decode(ImageProcessorFormatsTest.WEBP_LOSSY)).format());
    }

    /** The JDK offers its own JPEG reader too; TwelveMonkeys' handles CMYK/YCCK and broken ICC profiles. */
    @Test
    void prefersTheTwelveMonkeysJpegReader() throws IOException {
        ImageDecoder.ChosenReader chosen = chosenFor(TestImages.jpeg(TestImages.photoLike(20, 10, 1)));
        assertTrue(chosen.reader().getClass().getName().startsWith("com.twelvemonkeys."),
                chosen.reader().getClass().getName());
    }

    @Test
    void decodesLargeImagesSubsampledButReportsTheHeaderSize() {
        DecodedImage decoded = ImageDecoder.decode(TestImages.jpeg(TestImages.halves(4000, 3000, RED, BLUE)),
                50_000_000L, 2048);

        assertEquals(4000, decoded.width());
        assertEquals(3000, decoded.height());
        assertEquals(2000, decoded.image().getWidth());
        assertEquals(1500, decoded.image().getHeight());
        TestImages.assertColour(RED, decoded.image(), 500, 750, 12);
        TestImages.assertColour(BLUE, decoded.image(), 1500, 750, 12);
    }

    /**
     * Every accepted format's reader honours the source region (so the decode stays as small as
     * planned) and the subsampling. 300x100, red ramping with x, green with y; the centre square is
     * x 100..199, every second pixel of it kept.
     */
    @ParameterizedTest
    @ValueSource(strings = {"png", "gif", "bmp", "jpeg"})
    void decodesJustTheCentreSquare(String format) {
        BufferedImage ramps = TestImages.generate(300, 100, (x, y) -> (x * 255 / 299) << 16 | (y * 255 / 99) << 8);

        BufferedImage square = ImageDecoder.decodeCentreSquare(TestImages.write(ramps, format), 2);

        assertEquals(50, square.getWidth());
        assertEquals(50, square.getHeight());
        int tolerance = format.equals("jpeg") ? 8 : format.equals("gif") ? 8 : 1;
        TestImages.assertColour(new Color(ramps.getRGB(100, 0)), square, 0, 0, tolerance);
        TestImages.assertColour(new Color(ramps.getRGB(198, 0)), square, 49, 0, tolerance);
        TestImages.assertColour(new Color(ramps.getRGB(100, 98)), square, 0, 49, tolerance);
        TestImages.assertColour(new Color(ramps.getRGB(198, 98)), square, 49, 49, tolerance);
    }

    /** 32x16, red left half, blue right half: the centre 16x16 is half red, half blue. */
    @ParameterizedTest
    @ValueSource(strings = {ImageProcessorFormatsTest.WEBP_LOSSY, ImageProcessorFormatsTest.WEBP_LOSSLESS_ALPHA})
    void decodesJustTheCentreSquareOfWebp(String base64) {
        BufferedImage square = ImageDecoder.decodeCentreSquare(Base64.getDecoder().decode(base64), 1);

        assertEquals(16, square.getWidth());
        assertEquals(16, square.getHeight());
        TestImages.assertColour(RED, SrgbFlattener.flatten(square), 3, 8, 40);
    }

    /** The fallback for a reader that returns the whole frame despite the source region. */
    @Test
    void cropsTheCentreSquareFromAWholeFrame() {
        BufferedImage thirds = TestImages.generate(30, 10, (x, y) -> x < 10 ? 0xFF0000 : x < 20 ? 0x00FF00 : 0x0000FF);

        BufferedImage square = ImageDecoder.centreSquare(thirds);

        assertEquals(10, square.getWidth());
        assertEquals(10, square.getHeight());
        assertNull(square.getRaster().getParent(), "a copy, not a view that keeps the whole frame alive");
        for (int[] p : new int[][] {{0, 0}, {9, 0}, {0, 9}, {9, 9}}) {
            TestImages.assertColour(TestImages.GREEN, square, p[0], p[1], 0);
        }
        BufferedImage alreadySquare = TestImages.generate(10, 10, (x, y) -> 0);
        assertSame(alreadySquare, ImageDecoder.centreSquare(alreadySquare));
    }

    private static ImageDecoder.ChosenReader chosenFor(byte[] data) throws IOException {
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            ImageDecoder.ChosenReader chosen = ImageDecoder.chooseReader(in).orElseThrow();
            chosen.reader().dispose();
            return chosen;
        }
    }
}
