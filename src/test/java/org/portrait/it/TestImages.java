package org.portrait.it;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/** Generated test images: a gradient background with a solid {@code centre} colour in the middle. */
public final class TestImages {

    private TestImages() {
    }

    public static byte[] jpeg(int width, int height, Color centre) {
        return encode(draw(width, height, centre, BufferedImage.TYPE_INT_RGB), "jpg");
    }

    public static byte[] jpeg(int width, int height) {
        return jpeg(width, height, Color.RED);
    }

    public static byte[] png(int width, int height, Color centre) {
        return encode(draw(width, height, centre, BufferedImage.TYPE_INT_RGB), "png");
    }

    /** Encodes with the JDK writer of that format ("png", "gif", "bmp", "jpg"). */
    public static byte[] image(String format, int width, int height, Color centre) {
        return encode(draw(width, height, centre, BufferedImage.TYPE_INT_RGB), format);
    }

    /** A fully transparent PNG (alpha must be flattened on white). */
    public static byte[] transparentPng(int width, int height) {
        return encode(new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB), "png");
    }

    /** A tiny, valid-looking PNG whose header declares width x height (a decompression bomb). */
    public static byte[] pngDeclaring(int width, int height) {
        byte[] png = png(8, 8, Color.BLUE);
        // IHDR chunk: 8-byte signature, 4-byte length, "IHDR", width, height, ... CRC over type+data (17 bytes)
        ByteBuffer buffer = ByteBuffer.wrap(png);
        buffer.putInt(16, width);
        buffer.putInt(20, height);
        CRC32 crc = new CRC32();
        crc.update(png, 12, 17);
        buffer.putInt(29, (int) crc.getValue());
        return png;
    }

    /**
     * A {@code width} x {@code height} JPEG, white with a red 20x20 square in its top-left corner, carrying an EXIF
     * Orientation tag and a comment segment; both are inserted right after SOI.
     */
    public static byte[] jpegWithExif(int width, int height, int orientation, String comment) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setPaint(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setPaint(Color.RED);
            g.fillRect(0, 0, 20, 20);
        } finally {
            g.dispose();
        }
        byte[] jpeg = encode(image, "jpg");
        ByteBuffer exif = ByteBuffer.allocate(2 + 2 + 6 + 26);
        exif.putShort((short) 0xFFE1).putShort((short) (2 + 6 + 26))
                .put("Exif\0\0".getBytes(StandardCharsets.US_ASCII))
                .put(new byte[]{'M', 'M', 0, 42}).putInt(8)            // TIFF header, big-endian, IFD0 at 8
                .putShort((short) 1)                                   // one entry
                .putShort((short) 0x0112).putShort((short) 3).putInt(1) // Orientation, SHORT, count 1
                .putShort((short) orientation).putShort((short) 0)
                .putInt(0);                                            // no next IFD
        byte[] text = comment.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer com = ByteBuffer.allocate(4 + text.length);
        com.putShort((short) 0xFFFE).putShort((short) (2 + text.length)).put(text);
        ByteBuffer out = ByteBuffer.allocate(jpeg.length + exif.capacity() + com.capacity());
        out.put(jpeg, 0, 2).put(exif.array()).put(com.array()).put(jpeg, 2, jpeg.length - 2);
        return out.array();
    }

    /** True if {@code needle} occurs in {@code bytes}. */
    public static boolean contains(byte[] bytes, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= bytes.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    public static byte[] truncated(byte[] image) {
        return Arrays.copyOf(image, image.length / 2);
    }

    /** Decodes image bytes; fails the test if they are not an image. */
    public static BufferedImage decode(byte[] bytes) {
        try {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
            if (image == null) {
                throw new AssertionError("not a decodable image (" + bytes.length + " bytes)");
            }
            return image;
        } catch (IOException e) {
            throw new AssertionError("not a decodable image (" + bytes.length + " bytes)", e);
        }
    }

    public static boolean isJpeg(byte[] bytes) {
        return bytes.length > 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF;
    }

    /** Colour at the centre of an image. */
    /** Which of {@code colours} a stored JPEG was uploaded with (its centre), or null when none. */
    public static Color colourOf(byte[] jpeg, List<Color> colours) {
        Color centre = centre(decode(jpeg));
        return colours.stream().filter(c -> near(c, centre, 40)).findFirst().orElse(null);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What Portrait uses as ETag: the first 8 bytes of the SHA-256 of the bytes, in hex, quoted. */
    public static String etagOf(byte[] bytes) {
        return "\"" + sha256Hex(bytes).substring(0, 16).toUpperCase() + "\"";
    }

    public static Color centre(BufferedImage image) {
        return new Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2));
    }

    /** True if every channel differs by at most {@code tolerance}. */
    public static boolean near(Color a, Color b, int tolerance) {
        return Math.abs(a.getRed() - b.getRed()) <= tolerance
                && Math.abs(a.getGreen() - b.getGreen()) <= tolerance
                && Math.abs(a.getBlue() - b.getBlue()) <= tolerance;
    }

    private static BufferedImage draw(int width, int height, Color centre, int type) {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        try {
            g.setPaint(new GradientPaint(0, 0, Color.DARK_GRAY, width, height, Color.LIGHT_GRAY));
            g.fillRect(0, 0, width, height);
            g.setPaint(centre);
            int side = Math.min(width, height) / 2;
            g.fillRect((width - side) / 2, (height - side) / 2, Math.max(side, 1), Math.max(side, 1));
        } finally {
            g.dispose();
        }
        return image;
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
