package org.portrait.images.control;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Writes TYPE_INT_RGB images as baseline sRGB JPEG with no metadata beyond the JFIF header. */
final class JpegEncoder {

    private JpegEncoder() {
    }

    static EncodedImage encode(BufferedImage image, float quality) {
        ImageWriter writer = jpegWriter();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(1024, image.getWidth() * image.getHeight() / 4));
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            // No metadata and no thumbnails: EXIF, GPS, comments and ICC profiles of the upload are dropped.
            writer.write(null, new IIOImage(image, null, null), params(writer, quality));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode JPEG", e); // in-memory output: a bug, not bad input
        } finally {
            writer.dispose();
        }
        return new EncodedImage(image.getWidth(), image.getHeight(), bytes.toByteArray());
    }

    private static ImageWriteParam params(ImageWriter writer, float quality) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setProgressiveMode(ImageWriteParam.MODE_DISABLED);
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        if (param instanceof JPEGImageWriteParam jpeg) {
            jpeg.setOptimizeHuffmanTables(true); // still baseline; a few percent smaller for little CPU
        }
        return param;
    }

    /** The JDK writer, when present: TwelveMonkeys' writer only wraps it. */
    private static ImageWriter jpegWriter() {
        ImageWriter fallback = null;
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        while (writers.hasNext()) {
            ImageWriter writer = writers.next();
            if (!writer.getClass().getName().startsWith("com.twelvemonkeys")) {
                if (fallback != null) {
                    fallback.dispose();
                }
                return writer;
            }
            if (fallback == null) {
                fallback = writer;
            } else {
                writer.dispose();
            }
        }
        if (fallback == null) {
            throw new IllegalStateException("No JPEG writer registered with ImageIO");
        }
        return fallback;
    }
}
