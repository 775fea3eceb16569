package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntBinaryOperator;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Builds test images in memory and inspects outputs. */
final class TestImages {

    /** The Graph HD photo sizes. */
    static final SortedSet<Integer> GRAPH_SIDES = new TreeSet<>(List.of(48, 64, 96, 120, 240, 360, 432, 504, 648));

    static final Color RED = new Color(255, 0, 0);
    static final Color GREEN = new Color(0, 255, 0);
    static final Color BLUE = new Color(0, 0, 255);
    static final Color WHITE = new Color(255, 255, 255);

    private TestImages() {
    }

    /** Left half {@code left}, right half {@code right}. */
    static BufferedImage halves(int width, int height, Color left, Color right) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(left);
        g.fillRect(0, 0, width / 2, height);
        g.setColor(right);
        g.fillRect(width / 2, 0, width - width / 2, height);
        g.dispose();
        return image;
    }

    static BufferedImage solid(int width, int height, Color colour) {
        return halves(width, height, colour, colour);
    }

    /** Smooth gradients plus a little noise: compresses like a photo, not like a flat fill. */
    static BufferedImage photoLike(int width, int height, long seed) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(seed);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / width + random.nextInt(16)) & 0xFF;
                int g = (y * 255 / height + random.nextInt(16)) & 0xFF;
                int b = ((x + y) * 127 / (width + height) + random.nextInt(16)) & 0xFF;
                image.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return image;
    }

    static byte[] write(BufferedImage image, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            assertTrue(ImageIO.write(image, format, out), "no ImageIO writer for " + format);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static byte[] jpeg(BufferedImage image) {
        return write(image, "jpeg");
    }

    static byte[] progressiveJpeg(BufferedImage image) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        return writeWith(writer, new IIOImage(image, null, null), param);
    }

    static byte[] writeWith(ImageWriter writer, IIOImage image, ImageWriteParam param) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, image, param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    static BufferedImage decode(byte[] data) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(data));
            assertTrue(image != null, "not decodable");
            return image;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage decode(EncodedImage encoded) {
        return decode(encoded.jpeg());
    }

    /**
     * An 8-bit RGB PNG of {@code rgbAt(x, y)}, deflated row by row: a 24000x1000 upload costs a few
     * MB of test heap instead of a 96 MB BufferedImage.
     */
    static byte[] streamedPng(int width, int height, IntBinaryOperator rgbAt) {
        ByteArrayOutputStream idat = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream out = new DeflaterOutputStream(idat, deflater, 1 << 16)) {
            byte[] row = new byte[1 + 3 * width]; // filter type 0 (None), then R, G, B per pixel
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int rgb = rgbAt.applyAsInt(x, y);
                    row[1 + 3 * x] = (byte) (rgb >> 16);
                    row[2 + 3 * x] = (byte) (rgb >> 8);
                    row[3 + 3 * x] = (byte) rgb;
                }
                out.write(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deflater.end();
        }
        return rgbPng(width, height, null, idat.toByteArray());
    }

    /** A TYPE_INT_RGB image of {@code rgbAt(x, y)}. */
    static BufferedImage generate(int width, int height, IntBinaryOperator rgbAt) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, rgbAt.applyAsInt(x, y));
            }
        }
        return image;
    }

    /** Black or white, fixed per pixel: detail at the finest scale, no frequency to alias onto. */
    static int binaryNoise(int x, int y) {
        int h = x * 0x9E3779B1 ^ y * 0x85EBCA77;
        h ^= h >>> 15;
        h *= 0x2C1B3C6D;
        h ^= h >>> 12;
        return (h & 1) == 0 ? 0x000000 : 0xFFFFFF;
    }

    static int luma(int rgb) {
        return (299 * (rgb >> 16 & 0xFF) + 587 * (rgb >> 8 & 0xFF) + 114 * (rgb & 0xFF)) / 1000;
    }

    /** Mean squared luma step between horizontal and vertical neighbours: how much fine detail there is. */
    static double highFrequencyEnergy(BufferedImage image) {
        double sum = 0;
        long count = 0;
        for (int y = 0; y < image.getHeight() - 1; y++) {
            for (int x = 0; x < image.getWidth() - 1; x++) {
                int here = luma(image.getRGB(x, y));
                int dx = luma(image.getRGB(x + 1, y)) - here;
                int dy = luma(image.getRGB(x, y + 1)) - here;
                sum += dx * dx + dy * dy;
                count += 2;
            }
        }
        return sum / count;
    }

    /** Mean absolute luma difference of two images of the same size. */
    static double meanLumaError(BufferedImage a, BufferedImage b) {
        assertTrue(a.getWidth() == b.getWidth() && a.getHeight() == b.getHeight(), "sizes differ");
        double sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                sum += Math.abs(luma(a.getRGB(x, y)) - luma(b.getRGB(x, y)));
            }
        }
        return sum / ((double) a.getWidth() * a.getHeight());
    }

    /** Asserts that the pixel at (x, y) is within {@code tolerance} of {@code expected} on every channel. */
    static void assertColour(Color expected, BufferedImage image, int x, int y, int tolerance) {
        int rgb = image.getRGB(x, y);
        int r = rgb >> 16 & 0xFF;
        int g = rgb >> 8 & 0xFF;
        int b = rgb & 0xFF;
        boolean close = Math.abs(r - expected.getRed()) <= tolerance
                && Math.abs(g - expected.getGreen()) <= tolerance
                && Math.abs(b - expected.getBlue()) <= tolerance;
        assertTrue(close, String.format("pixel (%d,%d) is #%02x%02x%02x, expected #%02x%02x%02x ±%d",
                x, y, r, g, b, expected.getRed(), expected.getGreen(), expected.getBlue(), tolerance));
    }

    /** The JPEG markers (second byte) up to and including SOS, in file order. */
    static List<Integer> markersBeforeScan(byte[] jpeg) {
        List<Integer> markers = new ArrayList<>();
        assertTrue((jpeg[0] & 0xFF) == 0xFF && (jpeg[1] & 0xFF) == 0xD8, "no SOI");
        markers.add(0xD8);
        int pos = 2;
        while (pos + 3 < jpeg.length) {
            int marker = jpeg[pos + 1] & 0xFF;
            markers.add(marker);
            if (marker == 0xDA) {
                break;
            }
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | jpeg[pos + 3] & 0xFF);
        }
        return markers;
    }

    /** Inserts a segment right after SOI. */
    static byte[] spliceAfterSoi(byte[] jpeg, byte[] segment) {
        byte[] out = new byte[jpeg.length + segment.length];
        System.arraycopy(jpeg, 0, out, 0, 2);
        System.arraycopy(segment, 0, out, 2, segment.length);
        System.arraycopy(jpeg, 2, out, 2 + segment.length, jpeg.length - 2);
        return out;
    }

    /**
     * An APP1 Exif segment whose IFD0 holds ImageDescription (an ASCII value stored out of line,
     * standing for the private data we must drop) and the Orientation.
     */
    static byte[] exifSegment(int orientation, boolean littleEndian) {
        byte[] description = "secret GPS 48.8584 2.2945\0".getBytes(StandardCharsets.US_ASCII);
        int ifdEntries = 2;
        int tiffLength = 8 + 2 + 12 * ifdEntries + 4 + description.length;
        ByteBuffer tiff = ByteBuffer.allocate(tiffLength)
                .order(littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        tiff.put((byte) (littleEndian ? 'I' : 'M')).put((byte) (littleEndian ? 'I' : 'M'));
        tiff.putShort((short) 42).putInt(8);
        tiff.putShort((short) ifdEntries);
        int descriptionOffset = 8 + 2 + 12 * ifdEntries + 4;
        tiff.putShort((short) 0x010E).putShort((short) 2).putInt(description.length).putInt(descriptionOffset);
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no IFD1
        tiff.put(description);
        return app1(tiff.array());
    }

    static byte[] app1(byte[] tiff) {
        byte[] header = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
        int length = 2 + header.length + tiff.length;
        ByteBuffer segment = ByteBuffer.allocate(2 + length);
        segment.put((byte) 0xFF).put((byte) 0xE1).putShort((short) length).put(header).put(tiff);
        return segment.array();
    }

    /** An APP2 segment carrying {@code profile} as a single ICC_PROFILE chunk (1 of 1). */
    static byte[] iccSegment(byte[] profile) {
        byte[] name = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer segment = ByteBuffer.allocate(4 + name.length + 2 + profile.length);
        segment.put((byte) 0xFF).put((byte) 0xE2).putShort((short) (2 + name.length + 2 + profile.length))
                .put(name).put((byte) 1).put((byte) 1).put(profile);
        return segment.array();
    }

    static byte[] comSegment(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer segment = ByteBuffer.allocate(4 + bytes.length);
        segment.put((byte) 0xFF).put((byte) 0xFE).putShort((short) (2 + bytes.length)).put(bytes);
        return segment.array();
    }

    /** A PNG made by hand: signature, IHDR, one IDAT (may be empty), IEND, with correct CRCs. */
    static byte[] pngWithHeader(int width, int height, byte[] idat) {
        return rgbPng(width, height, null, idat);
    }

    /** An 8-bit RGB PNG made by hand; {@code trns} (a colour key) is optional. */
    static byte[] rgbPng(int width, int height, byte[] trns, byte[] idat) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0); // 8-bit RGB
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        png.writeBytes(chunk("IHDR", ihdr.array()));
        if (trns != null) {
            png.writeBytes(chunk("tRNS", trns));
        }
        png.writeBytes(chunk("IDAT", idat));
        png.writeBytes(chunk("IEND", new byte[0]));
        return png.toByteArray();
    }

    static byte[] deflate(byte[] raw) {
        Deflater deflater = new Deflater();
        deflater.setInput(raw);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(typeBytes).put(data)
                .putInt((int) crc.getValue()).array();
    }
}
