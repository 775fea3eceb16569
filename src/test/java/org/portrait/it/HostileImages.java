package org.portrait.it;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Hostile upload bodies, all generated here (nothing binary is committed): headers that declare huge
 * or zero dimensions, decompression bombs, segment and scan floods, polyglots, non-image bodies. Shared
 * by the unit tests of the image pipeline and the black-box hardening suite.
 */
public final class HostileImages {

    private HostileImages() {
    }

    // ------------------------------------------------------------------ JPEG

    /** A baseline JPEG whose SOF0 header declares {@code width} x {@code height}. */
    public static byte[] jpegDeclaring(int width, int height) {
        byte[] jpeg = TestImages.jpeg(16, 16, Color.BLUE);
        int sof = markerOffset(jpeg, 0xC0);
        ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) height).putShort(sof + 7, (short) width);
        return jpeg;
    }

    /** {@code count} empty APPn segments (APP3..APP12 in turn) right after SOI. */
    public static byte[] jpegWithAppFlood(int count) {
        ByteArrayOutputStream segments = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            segments.writeBytes(new byte[]{(byte) 0xFF, (byte) (0xE3 + i % 10), 0, 2});
        }
        return afterSoi(TestImages.jpeg(64, 64, Color.GREEN), segments.toByteArray());
    }

    /** {@code count} one-byte comment segments right after SOI. */
    public static byte[] jpegWithCommentFlood(int count) {
        ByteArrayOutputStream segments = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            segments.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xFE, 0, 3, 'x'});
        }
        return afterSoi(TestImages.jpeg(64, 64, Color.GREEN), segments.toByteArray());
    }

    /**
     * A progressive {@code side} x {@code side} grey JPEG followed by {@code scans} extra, empty AC scans
     * before EOI: libjpeg warns and decodes each one over the whole image again.
     */
    public static byte[] progressiveScanFlood(int side, int scans) {
        byte[] jpeg = ImageWriting.progressiveGreyJpeg(side);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, jpeg.length - 2);
        for (int i = 0; i < scans; i++) {
            out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xDA, 0, 8, 1, 1, 0, 1, 63, 0});
        }
        out.writeBytes(new byte[]{(byte) 0xFF, (byte) 0xD9});
        return out.toByteArray();
    }

    /**
     * A legitimate {@code side} x {@code side} progressive colour JPEG of crossed gradients: small (a
     * 7000x7000 one is about 320 KB) but slow to decode (every coefficient of 49 M pixels; 2 s here).
     */
    public static byte[] largeProgressiveJpeg(int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, Color.RED, side, side, Color.BLUE, true));
            g.fillRect(0, 0, side, side);
            g.setPaint(new GradientPaint(0, side, new Color(0, 255, 0, 128), side / 7f, 0, new Color(255, 255, 0, 128), true));
            g.fillRect(0, 0, side, side);
        } finally {
            g.dispose();
        }
        return ImageWriting.progressiveJpeg(image);
    }

    /** A JPEG cut right after its first scan header: every table, no pixel data. */
    public static byte[] jpegHeadersOnly() {
        byte[] jpeg = TestImages.jpeg(300, 300, Color.RED);
        int sos = markerOffset(jpeg, 0xDA);
        int length = (jpeg[sos + 2] & 0xFF) << 8 | jpeg[sos + 3] & 0xFF;
        return Arrays.copyOf(jpeg, sos + 2 + length);
    }

    // ------------------------------------------------------------------ PNG

    /** A PNG whose IHDR declares {@code width} x {@code height} (unsigned 32-bit) over 8x8 pixel data. */
    public static byte[] pngDeclaring(int width, int height) {
        return TestImages.pngDeclaring(width, height);
    }

    /** A valid 64x64 PNG with a zTXt chunk that inflates to {@code inflatedBytes} zeros. */
    public static byte[] pngWithZtxtBomb(int inflatedBytes) {
        return pngWithChunkAfterIhdr("zTXt", concat("Comment\0\0".getBytes(StandardCharsets.ISO_8859_1),
                deflatedZeros(inflatedBytes)));
    }

    /** A valid 64x64 PNG whose iCCP profile inflates to {@code inflatedBytes} zeros. */
    public static byte[] pngWithIccpBomb(int inflatedBytes) {
        return pngWithChunkAfterIhdr("iCCP", concat("icc\0\0".getBytes(StandardCharsets.ISO_8859_1),
                deflatedZeros(inflatedBytes)));
    }

    /** A PNG with a good IHDR whose IDAT inflates to {@code inflatedBytes} zeros: far more than 8x8 RGB needs. */
    public static byte[] pngWithOversizedIdat(int inflatedBytes) {
        byte[] png = TestImages.png(8, 8, Color.BLUE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33); // signature + IHDR
        out.writeBytes(chunk("IDAT", deflatedZeros(inflatedBytes)));
        out.writeBytes(chunk("IEND", new byte[0]));
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ GIF, BMP, WebP

    /** A GIF whose screen and only frame declare {@code width} x {@code height}, with one LZW block. */
    public static byte[] gifDeclaring(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes(StandardCharsets.US_ASCII)).putShort((short) width).putShort((short) height)
                .put((byte) 0x80).put((byte) 0).put((byte) 0)             // global colour table of 2
                .put(new byte[]{0, 0, 0, (byte) 255, (byte) 255, (byte) 255})
                .put((byte) 0x2C).putShort((short) 0).putShort((short) 0)  // image descriptor
                .putShort((short) width).putShort((short) height).put((byte) 0)
                .put((byte) 2).put((byte) 2).put((byte) 0x4C).put((byte) 0x01).put((byte) 0) // LZW: clear, end
                .put((byte) 0x3B);
        return Arrays.copyOf(b.array(), b.position());
    }

    /** A 24-bit BMP whose info header declares {@code width} x {@code height}, with 4x4 pixels of data. */
    public static byte[] bmpDeclaring(int width, int height) {
        int pixels = 4 * 4 * 3;
        ByteBuffer b = ByteBuffer.allocate(54 + pixels).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 'B').put((byte) 'M').putInt(54 + pixels).putInt(0).putInt(54)
                .putInt(40).putInt(width).putInt(height).putShort((short) 1).putShort((short) 24)
                .putInt(0).putInt(pixels).putInt(2835).putInt(2835).putInt(0).putInt(0);
        return b.array();
    }

    /** An extended (VP8X) WebP whose canvas is {@code width} x {@code height} (each 1..16777216). */
    public static byte[] webpVp8xDeclaring(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(22).put("WEBP".getBytes(StandardCharsets.US_ASCII))
                .put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10).putInt(0);
        putUint24(b, width - 1);
        putUint24(b, height - 1);
        return b.array();
    }

    /** A lossy (VP8) WebP key frame header declaring {@code width} x {@code height} (14 bits each), no data. */
    public static byte[] webpVp8Declaring(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(32).put("WEBP".getBytes(StandardCharsets.US_ASCII))
                .put("VP8 ".getBytes(StandardCharsets.US_ASCII)).putInt(20)
                .put((byte) 0x10).put((byte) 0x02).put((byte) 0x00)           // key frame, show, partition size
                .put((byte) 0x9D).put((byte) 0x01).put((byte) 0x2A)
                .putShort((short) (width & 0x3FFF)).putShort((short) (height & 0x3FFF));
        return b.array();
    }

    /** A lossless (VP8L) WebP header declaring {@code width} x {@code height} (1..16384 each), no data. */
    public static byte[] webpVp8lDeclaring(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(24).put("WEBP".getBytes(StandardCharsets.US_ASCII))
                .put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(12).put((byte) 0x2F)
                .putInt((width - 1) & 0x3FFF | ((height - 1) & 0x3FFF) << 14)
                .putInt(0).putShort((short) 0).put((byte) 0);
        return b.array();
    }

    // ------------------------------------------------------------------ not images

    public static byte[] text(String body) {
        return body.getBytes(StandardCharsets.UTF_8);
    }

    public static final String HTML = "<!DOCTYPE html><html><head><script>alert(document.cookie)</script></head>"
            + "<body><img src=x onerror=alert(1)></body></html>";
    public static final String SVG = "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"100000\""
            + " height=\"100000\" onload=\"alert(1)\"><rect width=\"10\" height=\"10\"/></svg>";
    public static final String PDF = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

    /** {@code count} random bytes from a fixed seed. */
    public static byte[] noise(int count, long seed) {
        byte[] bytes = new byte[count];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    /** {@code image} with its first bytes replaced by another format's magic number. */
    public static byte[] withMagic(byte[] image, byte... magic) {
        byte[] copy = image.clone();
        System.arraycopy(magic, 0, copy, 0, magic.length);
        return copy;
    }

    /** A multipart/form-data body carrying {@code image} as a file part. */
    public static byte[] multipart(String boundary, byte[] image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"me.jpg\"\r\n"
                + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(image);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /** A JSON body carrying {@code image} in base64, as some clients wrongly send photos. */
    public static byte[] json(byte[] image) {
        return ("{\"@odata.mediaContentType\":\"image/jpeg\",\"content\":\""
                + Base64.getEncoder().encodeToString(image) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ------------------------------------------------------------------ helpers

    private static byte[] pngWithChunkAfterIhdr(String type, byte[] data) {
        byte[] png = TestImages.png(64, 64, Color.ORANGE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(png, 0, 33); // signature (8) + IHDR (4 + 4 + 13 + 4)
        out.writeBytes(chunk(type, data));
        out.write(png, 33, png.length - 33);
        return out.toByteArray();
    }

    static byte[] chunk(String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        return ByteBuffer.allocate(12 + data.length).putInt(data.length).put(name).put(data)
                .putInt((int) crc.getValue()).array();
    }

    /** zlib data that inflates to {@code count} zero bytes (about 1000:1), made without holding them all. */
    static byte[] deflatedZeros(int count) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 20];
        byte[] buffer = new byte[1 << 16];
        int left = count;
        while (left > 0) {
            int n = Math.min(left, zeros.length);
            deflater.setInput(zeros, 0, n);
            left -= n;
            while (!deflater.needsInput()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] afterSoi(byte[] jpeg, byte[] segments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        out.writeBytes(segments);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** Offset of the first marker {@code FF marker} among the segments before the scan data. */
    static int markerOffset(byte[] jpeg, int marker) {
        int pos = 2;
        while (pos + 3 < jpeg.length) {
            int m = jpeg[pos + 1] & 0xFF;
            if (m == marker) {
                return pos;
            }
            pos += 2 + ((jpeg[pos + 2] & 0xFF) << 8 | jpeg[pos + 3] & 0xFF);
        }
        throw new IllegalStateException("no marker " + Integer.toHexString(marker));
    }

    private static void putUint24(ByteBuffer b, int value) {
        b.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
    }

    /** Progressive JPEGs with libjpeg's default scan script. */
    private static final class ImageWriting {
        static byte[] progressiveGreyJpeg(int side) {
            return progressiveJpeg(new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY));
        }

        static byte[] progressiveJpeg(BufferedImage image) {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
                writer.write(null, new IIOImage(image, null, null), param);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        }
    }
}
