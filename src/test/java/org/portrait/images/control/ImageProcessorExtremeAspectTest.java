package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.images.control.TestImages.GRAPH_SIDES;
import static org.portrait.images.control.TestImages.decode;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntBinaryOperator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Uploads so elongated that the decode budget subsamples the whole frame below the largest square
 * they qualify for. The squares must still be scaled down from the upload's own pixels, not up from
 * the subsampled frame. Each upload carries 1-px black/white noise in its centre square, outside it
 * flat grey: a square made from the upload's pixels keeps that detail, one upscaled from a
 * subsampled decode smears it, and lands far from the reference.
 */
class ImageProcessorExtremeAspectTest {

    private static final int GREY = 0x808080;

    final ImageProcessor cut = new ImageProcessor();

    /**
     * At the production limits. 24000x1000 is 24 MP, three times the decode budget: the frame decodes
     * at 1/2, 12000x500, short of the 504 and 648 squares the 1000-px short side qualifies for.
     */
    @Test
    void panoramaBeyondTheDecodeBudget() {
        int width = 24000;
        int height = 1000;
        assertEquals(2, Subsampling.factor(width, height, 2048), "precondition: the whole frame is subsampled");
        IntBinaryOperator picture = noiseInTheCentreSquare(width, height);

        ProcessedImage result = cut.process(TestImages.streamedPng(width, height, picture), GRAPH_SIDES);

        assertEquals("48 64 96 120 240 360 432 504 648", ImageProcessorSizesTest.sidesOf(result.squares()));
        assertEquals(2048, result.original().width());
        assertEquals(85, result.original().height());
        assertEquals(2048, decode(result.original()).getWidth());
        for (EncodedImage square : result.squares().subList(7, 9)) { // 504, 648
            assertScaledFromTheUploadsPixels(square, picture, width, height, 2);
        }
    }

    /** The same at a small budget: 6000x300 decodes at 1/2, 3000x150, short of the 240 square. */
    @ParameterizedTest
    @ValueSource(strings = {"png", "gif", "bmp"})
    void wideUploadOfEveryLosslessFormat(String format) {
        cut.decodedPixelBudget = 500_000;
        int width = 6000;
        int height = 300;
        assertEquals(2, Subsampling.factor(width, height, 2048, cut.decodedPixelBudget), "precondition");
        IntBinaryOperator picture = noiseInTheCentreSquare(width, height);
        byte[] upload = TestImages.write(TestImages.generate(width, height, picture), format);

        ProcessedImage result = cut.process(upload, GRAPH_SIDES);

        assertEquals("48 64 96 120 240", ImageProcessorSizesTest.sidesOf(result.squares()));
        assertEquals(2048, result.original().width());
        assertEquals(102, result.original().height());
        assertScaledFromTheUploadsPixels(result.squares().get(4), picture, width, height, 2);
    }

    @Test
    void tallUploadToo() {
        cut.decodedPixelBudget = 500_000;
        IntBinaryOperator picture = noiseInTheCentreSquare(300, 6000);

        ProcessedImage result = cut.process(TestImages.streamedPng(300, 6000, picture), GRAPH_SIDES);

        assertEquals("48 64 96 120 240", ImageProcessorSizesTest.sidesOf(result.squares()));
        assertEquals(102, result.original().width());
        assertEquals(2048, result.original().height());
        assertScaledFromTheUploadsPixels(result.squares().get(4), picture, 300, 6000, 2);
    }

    /**
     * A JPEG stored {@code stored}, tagged with an EXIF orientation. The centre square, seen upright,
     * has a red top-left, green top-right, blue bottom-left and grey bottom-right quadrant, each
     * overlaid with luma noise: the squares must be upright, and as detailed as the upload.
     */
    @ParameterizedTest(name = "stored {0}x{1}, orientation {2}")
    @CsvSource({
            "300, 6000, 6",
            "6000, 300, 6",
            "6000, 300, 8",
            "300, 6000, 3",
            "6000, 300, 1",
    })
    void exifOrientedJpeg(int storedWidth, int storedHeight, int orientation) {
        cut.decodedPixelBudget = 500_000;
        boolean swapped = Reorienter.swapsSides(orientation);
        int width = swapped ? storedHeight : storedWidth;
        int height = swapped ? storedWidth : storedHeight;
        IntBinaryOperator upright = quadrantsWithNoiseInTheCentreSquare(width, height);
        IntBinaryOperator stored = storedFor(upright, orientation, storedWidth, storedHeight);
        byte[] jpeg = finestJpeg(TestImages.generate(storedWidth, storedHeight, stored));
        byte[] tagged = TestImages.spliceAfterSoi(jpeg, TestImages.exifSegment(orientation, orientation % 2 == 0));

        ProcessedImage result = cut.process(tagged, GRAPH_SIDES);

        assertEquals(width > height ? 2048 : 102, result.original().width());
        assertEquals(width > height ? 102 : 2048, result.original().height());
        assertEquals("48 64 96 120 240", ImageProcessorSizesTest.sidesOf(result.squares()));
        for (EncodedImage square : result.squares()) {
            assertQuadrants(decode(square));
        }
        assertScaledFromTheUploadsPixels(result.squares().get(4), upright, width, height, 2);
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Compares the square with a reference made from the upload's full-resolution centre square, and
     * with what a square upscaled from the frame subsampled by {@code n} looks like.
     */
    private static void assertScaledFromTheUploadsPixels(EncodedImage square, IntBinaryOperator upright,
                                                         int width, int height, int n) {
        int side = square.width();
        int full = Math.min(width, height);
        BufferedImage centre = TestImages.generate(full, full,
                (x, y) -> upright.applyAsInt((width - full) / 2 + x, (height - full) / 2 + y));
        BufferedImage reference = Downscaler.squares(centre, List.of(side)).get(0);

        // What the squares were before: centre-cropped from the subsampled frame and scaled UP.
        int decodedWidth = Subsampling.decodedSide(width, n);
        int decodedHeight = Subsampling.decodedSide(height, n);
        int decodedSide = Math.min(decodedWidth, decodedHeight);
        assertTrue(decodedSide < side, "precondition: the subsampled frame is short of " + side);
        int ox = (decodedWidth - decodedSide) / 2;
        int oy = (decodedHeight - decodedSide) / 2;
        BufferedImage subsampled = TestImages.generate(decodedSide, decodedSide,
                (x, y) -> upright.applyAsInt(n * (ox + x), n * (oy + y)));
        BufferedImage upscaled = decode(JpegEncoder.encode(Downscaler.squares(subsampled, List.of(side)).get(0), 0.9f));

        BufferedImage produced = decode(square);
        double producedError = TestImages.meanLumaError(produced, reference);
        double upscaledError = TestImages.meanLumaError(upscaled, reference);
        double producedDetail = TestImages.highFrequencyEnergy(produced);
        double upscaledDetail = TestImages.highFrequencyEnergy(upscaled);
        double referenceDetail = TestImages.highFrequencyEnergy(reference);
        String figures = String.format("%d square: luma error %.1f (upscaled: %.1f), detail %.0f (upscaled: %.0f,"
                + " reference: %.0f)", side, producedError, upscaledError, producedDetail, upscaledDetail, referenceDetail);
        assertTrue(producedError < upscaledError / 2, figures);
        assertTrue(producedDetail > 1.2 * upscaledDetail, figures);
        assertTrue(producedDetail > 0.7 * referenceDetail, figures);
    }

    /** Binary noise in the centre square of a {@code width x height} picture, flat grey around it. */
    private static IntBinaryOperator noiseInTheCentreSquare(int width, int height) {
        int side = Math.min(width, height);
        int x0 = (width - side) / 2;
        int y0 = (height - side) / 2;
        return (x, y) -> x >= x0 && x < x0 + side && y >= y0 && y < y0 + side ? TestImages.binaryNoise(x, y) : GREY;
    }

    private static IntBinaryOperator quadrantsWithNoiseInTheCentreSquare(int width, int height) {
        int side = Math.min(width, height);
        int x0 = (width - side) / 2;
        int y0 = (height - side) / 2;
        return (x, y) -> {
            int u = x - x0;
            int v = y - y0;
            if (u < 0 || u >= side || v < 0 || v >= side) {
                return GREY;
            }
            int base = u < side / 2 ? (v < side / 2 ? 0xFF0000 : 0x0000FF) : (v < side / 2 ? 0x00FF00 : 0xC0C0C0);
            int lift = TestImages.binaryNoise(x, y) == 0 ? 0 : 0x50;
            return scaled(base, 0.6) + (lift << 16 | lift << 8 | lift);
        };
    }

    private static int scaled(int rgb, double factor) {
        int r = (int) ((rgb >> 16 & 0xFF) * factor);
        int g = (int) ((rgb >> 8 & 0xFF) * factor);
        int b = (int) ((rgb & 0xFF) * factor);
        return r << 16 | g << 8 | b;
    }

    /** Which stored pixel displays at each upright position, per EXIF: the inverse of Reorienter's mapping. */
    private static IntBinaryOperator storedFor(IntBinaryOperator upright, int orientation, int sw, int sh) {
        return switch (orientation) {
            case 1 -> upright;
            case 3 -> (c, r) -> upright.applyAsInt(sw - 1 - c, sh - 1 - r);
            case 6 -> (c, r) -> upright.applyAsInt(sh - 1 - r, c);     // displayed turned 90° clockwise
            case 8 -> (c, r) -> upright.applyAsInt(r, sw - 1 - c);     // displayed turned 90° counter-clockwise
            default -> throw new IllegalArgumentException("orientation " + orientation);
        };
    }

    /** The quadrant colours of the centre square, upright: mean over a patch in each quadrant. */
    private static void assertQuadrants(BufferedImage square) {
        int s = square.getWidth();
        assertEquals("red", dominant(square, s / 4, s / 4), s + " top left");
        assertEquals("green", dominant(square, 3 * s / 4, s / 4), s + " top right");
        assertEquals("blue", dominant(square, s / 4, 3 * s / 4), s + " bottom left");
        assertEquals("grey", dominant(square, 3 * s / 4, 3 * s / 4), s + " bottom right");
    }

    private static String dominant(BufferedImage image, int cx, int cy) {
        int r = Math.max(1, image.getWidth() / 10);
        long[] sum = new long[3];
        for (int y = cy - r; y <= cy + r; y++) {
            for (int x = cx - r; x <= cx + r; x++) {
                int rgb = image.getRGB(x, y);
                sum[0] += rgb >> 16 & 0xFF;
                sum[1] += rgb >> 8 & 0xFF;
                sum[2] += rgb & 0xFF;
            }
        }
        long max = Math.max(sum[0], Math.max(sum[1], sum[2]));
        long min = Math.min(sum[0], Math.min(sum[1], sum[2]));
        if (max - min < max / 4) {
            return "grey";
        }
        return sum[0] == max ? "red" : sum[1] == max ? "green" : "blue";
    }

    /** Quality 1: the luma noise survives the upload's own compression. */
    private static byte[] finestJpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(1f);
        return TestImages.writeWith(writer, new IIOImage(image, null, null), param);
    }
}
