package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.images.control.TestImages.BLUE;
import static org.portrait.images.control.TestImages.GRAPH_SIDES;
import static org.portrait.images.control.TestImages.RED;
import static org.portrait.images.control.TestImages.WHITE;
import static org.portrait.images.control.TestImages.assertColour;
import static org.portrait.images.control.TestImages.decode;
import static org.portrait.images.control.TestImages.halves;
import static org.portrait.images.control.TestImages.markersBeforeScan;

import java.awt.Color;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Base64;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;

/** Every accepted input format decodes to the right colours. Inputs are 200x100: red left, blue right. */
class ImageProcessorFormatsTest {

    /** 32x16, red left half, blue right half; made with {@code cwebp -q 80} (VP8, lossy). */
    static final String WEBP_LOSSY = "UklGRk4AAABXRUJQVlA4IEIAAAAQAwCdASogABAAAUAmJaACdMoRwN4B+IH6q8YFygATfQAA"
            + "/vLrf/zUxYDJHP/0sa3VwBw/65bK3o+M3Kvi7lqoAAA=";
    /** 32x16, opaque red left half, fully transparent right half; {@code cwebp -lossless} (VP8L). */
    static final String WEBP_LOSSLESS_ALPHA = "UklGRiQAAABXRUJQVlA4TBgAAAAvH8ADEA8Q8x/zHwyBQJK/9AALRPQ/ihc=";
    /** The same picture as lossy with an alpha channel ({@code cwebp -q 80}: VP8X + ALPH + VP8). */
    static final String WEBP_LOSSY_ALPHA = "UklGRnwAAABXRUJQVlA4WAoAAAAQAAAAHwAADwAAQUxQSBMAAAABDzD/ERFCIJDkLz3AAhH9j+IF"
            + "AFZQOCBCAAAAEAMAnQEqIAAQAAFAJiWgAnTKEcDeAfiB+qvGBcoAE30AAP7y63/81MWAyRz/9LGt1cAcP+uWyt6PjNyr4u5aqAAA";

    final ImageProcessor cut = new ImageProcessor();

    @Test
    void baselineJpeg() {
        byte[] jpeg = TestImages.jpeg(halves(200, 100, RED, BLUE));
        assertTrue(markersBeforeScan(jpeg).contains(0xC0), "input should be baseline");
        assertRedLeftBlueRight(cut.process(jpeg, GRAPH_SIDES), 200, 100, 12);
    }

    @Test
    void progressiveJpeg() {
        byte[] jpeg = TestImages.progressiveJpeg(halves(200, 100, RED, BLUE));
        assertTrue(markersBeforeScan(jpeg).contains(0xC2), "input should be progressive");
        assertRedLeftBlueRight(cut.process(jpeg, GRAPH_SIDES), 200, 100, 12);
    }

    /**
     * A 4-channel raster written as-is by the JDK writer, with an Adobe APP14 segment (transform 0)
     * spliced in: that makes it an Adobe CMYK JPEG, stored inverted as Photoshop does.
     */
    @Test
    void cmykJpeg() {
        WritableRaster cmyk = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 200, 100, 4, null);
        int[] red = inverted(0, 255, 255, 0);
        int[] blue = inverted(255, 255, 0, 0);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                cmyk.setPixel(x, y, x < 100 ? red : blue);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        byte[] raw = TestImages.writeWith(writer, new IIOImage(cmyk, null, null), writer.getDefaultWriteParam());
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 0};
        byte[] jpeg = TestImages.spliceAfterSoi(raw, adobe);

        assertRedLeftBlueRight(cut.process(jpeg, GRAPH_SIDES), 200, 100, 40);
    }

    /**
     * YCCK: Adobe transform 2. The stored channels are the YCbCr transform of (C, M, Y), plus K,
     * all inverted as Adobe stores them; the JDK writer stores the raster without conversion.
     */
    @Test
    void ycckJpeg() {
        WritableRaster ycck = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 200, 100, 4, null);
        int[] red = ycck(0, 255, 255, 0);
        int[] blue = ycck(255, 255, 0, 0);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                ycck.setPixel(x, y, x < 100 ? red : blue);
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        byte[] raw = TestImages.writeWith(writer, new IIOImage(ycck, null, null), writer.getDefaultWriteParam());
        byte[] adobe = {(byte) 0xFF, (byte) 0xEE, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, 2};

        assertRedLeftBlueRight(cut.process(TestImages.spliceAfterSoi(raw, adobe), GRAPH_SIDES), 200, 100, 40);
    }

    private static int[] ycck(int c, int m, int y, int k) {
        double luma = 0.299 * c + 0.587 * m + 0.114 * y;
        double cb = 128 - 0.168736 * c - 0.331264 * m + 0.5 * y;
        double cr = 128 + 0.5 * c - 0.418688 * m - 0.081312 * y;
        return new int[] {clamp(luma), clamp(cb), clamp(cr), 255 - k};
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }

    /** An APP2 ICC_PROFILE segment holding half of the sRGB profile: ignored, not fatal. */
    @Test
    void jpegWithBrokenIccProfile() {
        byte[] full = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
        byte[] half = Arrays.copyOf(full, full.length / 2);
        byte[] jpeg = TestImages.spliceAfterSoi(TestImages.jpeg(halves(200, 100, RED, BLUE)), TestImages.iccSegment(half));

        assertRedLeftBlueRight(cut.process(jpeg, GRAPH_SIDES), 200, 100, 12);
    }

    /**
     * Pixels tagged (APP2) with the JDK's linear-RGB profile: linear 0.5 grey is sRGB ~188, so an
     * output of 128 would mean the profile was ignored.
     */
    @Test
    void jpegWithNonSrgbProfileIsConvertedToSrgb() {
        byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        byte[] plain = TestImages.jpeg(TestImages.solid(200, 100, new Color(128, 128, 128)));
        byte[] jpeg = TestImages.spliceAfterSoi(plain, TestImages.iccSegment(profile));

        BufferedImage original = decode(cut.process(jpeg, GRAPH_SIDES).original());
        assertColour(new Color(188, 188, 188), original, 100, 50, 6);
    }

    /** Some encoders omit the final EOI marker: the picture is complete, so it is accepted. */
    @Test
    void jpegWithoutEoiMarker() {
        byte[] jpeg = TestImages.jpeg(halves(200, 100, RED, BLUE));
        assertEquals(0xD9, jpeg[jpeg.length - 1] & 0xFF);

        assertRedLeftBlueRight(cut.process(Arrays.copyOf(jpeg, jpeg.length - 2), GRAPH_SIDES), 200, 100, 12);
    }

    private static int[] inverted(int c, int m, int y, int k) {
        return new int[] {255 - c, 255 - m, 255 - y, 255 - k};
    }

    @Test
    void pngWithAlphaIsFlattenedOnWhite() {
        BufferedImage argb = new BufferedImage(200, 100, BufferedImage.TYPE_INT_ARGB); // all transparent
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 100; x++) {
                argb.setRGB(x, y, 0xFFFF0000);
            }
        }
        ProcessedImage result = cut.process(TestImages.write(argb, "png"), GRAPH_SIDES);

        BufferedImage original = decode(result.original());
        assertColour(RED, original, 10, 50, 8);
        assertColour(WHITE, original, 199, 0, 8);
        assertColour(WHITE, original, 150, 99, 8);
        BufferedImage square = decode(result.squares().get(0));
        assertColour(WHITE, square, square.getWidth() - 1, 0, 8);
    }

    /** An RGB PNG whose tRNS chunk makes pure green transparent: green becomes white. */
    @Test
    void colourKeyedPngIsFlattenedOnWhite() {
        byte[] rows = new byte[100 * (1 + 200 * 3)];
        for (int y = 0; y < 100; y++) {
            int row = y * (1 + 200 * 3); // filter byte 0, then RGB triples
            for (int x = 0; x < 200; x++) {
                rows[row + 1 + 3 * x] = (byte) (x < 100 ? 255 : 0);
                rows[row + 2 + 3 * x] = (byte) (x < 100 ? 0 : 255);
            }
        }
        byte[] png = TestImages.rgbPng(200, 100, new byte[] {0, 0, 0, (byte) 255, 0, 0}, TestImages.deflate(rows));

        BufferedImage original = decode(cut.process(png, GRAPH_SIDES).original());
        assertColour(RED, original, 50, 50, 12);
        assertColour(WHITE, original, 150, 50, 12);
    }

    @Test
    void sixteenBitPng() {
        ComponentColorModel model = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = model.createCompatibleWritableRaster(200, 100);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                raster.setPixel(x, y, x < 100 ? new int[] {65535, 0, 0} : new int[] {0, 0, 65535});
            }
        }
        byte[] png = TestImages.write(new BufferedImage(model, raster, false, null), "png");
        assertEquals(16, png[24], "IHDR bit depth");

        assertRedLeftBlueRight(cut.process(png, GRAPH_SIDES), 200, 100, 12);
    }

    @Test
    void palettePngWithTransparentEntry() {
        IndexColorModel palette = new IndexColorModel(8, 2,
                new byte[] {(byte) 255, 0}, new byte[] {0, 0}, new byte[] {0, 0}, new byte[] {(byte) 255, 0});
        BufferedImage indexed = new BufferedImage(200, 100, BufferedImage.TYPE_BYTE_INDEXED, palette);
        WritableRaster raster = indexed.getRaster();
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                raster.setSample(x, y, 0, x < 100 ? 0 : 1);
            }
        }
        byte[] png = TestImages.write(indexed, "png");
        assertEquals(3, png[25], "IHDR colour type: palette");

        BufferedImage original = decode(cut.process(png, GRAPH_SIDES).original());
        assertColour(RED, original, 20, 50, 12);
        assertColour(WHITE, original, 180, 50, 12);
    }

    @Test
    void greyPngKeepsItsLevels() {
        BufferedImage grey = new BufferedImage(200, 100, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster raster = grey.getRaster();
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 200; x++) {
                raster.setSample(x, y, 0, 128);
            }
        }
        BufferedImage original = decode(cut.process(TestImages.write(grey, "png"), GRAPH_SIDES).original());
        assertColour(new Color(128, 128, 128), original, 100, 50, 3);
    }

    @Test
    void animatedGifGivesItsFirstFrame() throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(halves(200, 100, RED, BLUE), null, null), null);
            writer.writeToSequence(new IIOImage(halves(200, 100, BLUE, RED), null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        byte[] gif = bytes.toByteArray();
        assertEquals(2, frameCount(gif));

        assertRedLeftBlueRight(cut.process(gif, GRAPH_SIDES), 200, 100, 12);
    }

    private static int frameCount(byte[] gif) throws Exception {
        ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(gif))) {
            reader.setInput(in);
            return reader.getNumImages(true);
        } finally {
            reader.dispose();
        }
    }

    @Test
    void bmp() {
        byte[] bmp = TestImages.write(halves(200, 100, RED, BLUE), "bmp");
        assertEquals('B', bmp[0]);
        assertEquals('M', bmp[1]);
        assertRedLeftBlueRight(cut.process(bmp, GRAPH_SIDES), 200, 100, 12);
    }

    @Test
    void lossyWebp() {
        ProcessedImage result = cut.process(Base64.getDecoder().decode(WEBP_LOSSY), GRAPH_SIDES);

        assertOriginalSize(result, 32, 16);
        BufferedImage original = decode(result.original());
        assertColour(RED, original, 4, 8, 40);
        assertColour(BLUE, original, 27, 8, 40);
    }

    @Test
    void losslessWebpWithAlpha() {
        ProcessedImage result = cut.process(Base64.getDecoder().decode(WEBP_LOSSLESS_ALPHA), GRAPH_SIDES);

        assertOriginalSize(result, 32, 16);
        BufferedImage original = decode(result.original());
        assertColour(RED, original, 4, 8, 24);
        assertColour(WHITE, original, 27, 8, 24);
    }

    @Test
    void lossyWebpWithAlpha() {
        ProcessedImage result = cut.process(Base64.getDecoder().decode(WEBP_LOSSY_ALPHA), GRAPH_SIDES);

        assertOriginalSize(result, 32, 16);
        BufferedImage original = decode(result.original());
        assertColour(RED, original, 4, 8, 40);
        assertColour(WHITE, original, 27, 8, 24);
    }

    private static void assertOriginalSize(ProcessedImage result, int width, int height) {
        assertEquals(width, result.original().width());
        assertEquals(height, result.original().height());
        BufferedImage original = decode(result.original());
        assertEquals(width, original.getWidth());
        assertEquals(height, original.getHeight());
    }

    /** Original 200x100 with red/blue halves; squares 48, 64, 96 cropped from the middle (red|blue). */
    private static void assertRedLeftBlueRight(ProcessedImage result, int width, int height, int tolerance) {
        assertOriginalSize(result, width, height);
        BufferedImage original = decode(result.original());
        assertColour(RED, original, width / 4, height / 2, tolerance);
        assertColour(BLUE, original, width * 3 / 4, height / 2, tolerance);

        assertEquals(3, result.squares().size(), "squares 48, 64, 96");
        BufferedImage largest = decode(result.squares().get(2));
        assertEquals(96, largest.getWidth());
        assertColour(RED, largest, 10, 48, tolerance);
        assertColour(BLUE, largest, 85, 48, tolerance);
    }
}
