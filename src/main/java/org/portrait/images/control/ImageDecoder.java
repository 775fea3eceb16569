package org.portrait.images.control;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;

/**
 * Sniffs the format from the bytes, refuses oversized headers before any pixel is allocated,
 * and decodes the first frame, subsampled when the upload is larger than the outputs need;
 * on request, just its centre square at a finer subsampling.
 */
final class ImageDecoder {

    /** TwelveMonkeys reads CMYK/YCCK and broken ICC profiles that the JDK reader gets wrong. */
    private static final String PREFERRED_READER_PREFIX = "com.twelvemonkeys";

    private ImageDecoder() {
    }

    static DecodedImage decode(byte[] data, long maxPixels, int originalMaxSide) {
        return decode(data, maxPixels, originalMaxSide, Subsampling.DECODED_PIXEL_BUDGET);
    }

    /** The whole first frame, subsampled to within {@code pixelBudget}. */
    static DecodedImage decode(byte[] data, long maxPixels, int originalMaxSide, long pixelBudget) {
        return decode(data, maxPixels, originalMaxSide, pixelBudget, DecodeDeadline.in(0));
    }

    /** As above, given up with an {@link InvalidImageException} once {@code deadline} has passed. */
    static DecodedImage decode(byte[] data, long maxPixels, int originalMaxSide, long pixelBudget,
                               DecodeDeadline deadline) {
        return withReader(data, deadline, (reader, format) -> {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            checkDimensions(width, height, maxPixels);
            int n = Subsampling.factor(width, height, originalMaxSide, pixelBudget);
            return new DecodedImage(format, width, height, read(reader, null, n, deadline));
        });
    }

    /**
     * The centre square of the stored first frame (its side is the shorter side), subsampled by
     * {@code n}: for squares whose full-frame decode was subsampled too coarsely. Only for bytes that
     * {@link #decode} accepted, which checked the dimensions.
     * <p>
     * The JDK's PNG, GIF, BMP and JPEG readers and TwelveMonkeys' JPEG and WebP readers all honour the
     * source region (ImageDecoderTest checks each). Should a reader return the whole frame anyway, the
     * centre square is cropped from what it returned.
     */
    static BufferedImage decodeCentreSquare(byte[] data, int n) {
        return decodeCentreSquare(data, n, DecodeDeadline.in(0));
    }

    static BufferedImage decodeCentreSquare(byte[] data, int n, DecodeDeadline deadline) {
        return withReader(data, deadline, (reader, format) -> {
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            int side = Math.min(width, height);
            Rectangle region = new Rectangle((width - side) / 2, (height - side) / 2, side, side);
            return centreSquare(read(reader, region, n, deadline));
        });
    }

    /** The image itself when square, else a copy of its centre square. */
    static BufferedImage centreSquare(BufferedImage image) {
        int side = Math.min(image.getWidth(), image.getHeight());
        if (image.getWidth() == side && image.getHeight() == side) {
            return image;
        }
        Raster crop = image.getRaster().createChild(
                (image.getWidth() - side) / 2, (image.getHeight() - side) / 2, side, side, 0, 0, null);
        // A copy, so that the full frame can be collected before the squares are scaled from the crop.
        WritableRaster copy = crop.createCompatibleWritableRaster(side, side);
        copy.setRect(crop);
        return new BufferedImage(image.getColorModel(), copy, image.isAlphaPremultiplied(), null);
    }

    private static <T> T withReader(byte[] data, DecodeDeadline deadline, ReaderTask<T> task) {
        if (data == null || data.length == 0) {
            throw InvalidImageException.unsupportedFormat();
        }
        // Our own stream over the bytes: ImageIO.createImageInputStream would spool to a temp file by default.
        try (DeadlineImageInputStream in = new DeadlineImageInputStream(data, deadline)) {
            ChosenReader chosen = chooseReader(in).orElseThrow(InvalidImageException::unsupportedFormat);
            ImageReader reader = chosen.reader();
            try {
                if (chosen.format() == ImageFormat.JPEG) {
                    JpegStructure.check(data);
                    in.inSmallPieces();
                }
                reader.setInput(in, true, true); // metadata ignored: we parse EXIF orientation ourselves
                return task.run(reader, chosen.format());
            } finally {
                reader.dispose();
            }
        } catch (InvalidImageException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            deadline.check(); // a reader stopped by the deadline fails in its own way: report the deadline
            // Readers signal corrupt data with IOException and with all kinds of unchecked exceptions.
            throw InvalidImageException.corrupt(e);
        }
    }

    private static BufferedImage read(ImageReader reader, Rectangle region, int n, DecodeDeadline deadline)
            throws IOException {
        ImageReadParam param = reader.getDefaultReadParam();
        if (region != null) {
            param.setSourceRegion(region);
        }
        if (n > 1) {
            param.setSourceSubsampling(n, n, 0, 0);
        }
        TruncationWatcher truncation = new TruncationWatcher();
        reader.addIIOReadWarningListener(truncation);
        reader.addIIOReadProgressListener(new DeadlineWatcher(deadline));
        BufferedImage image = reader.read(0, param);
        deadline.check(); // an aborted read returns what it has so far
        if (truncation.seen) {
            // The JPEG decoder pads missing scan data with grey and only warns: we refuse to store that.
            throw InvalidImageException.corrupt(null);
        }
        return image;
    }

    @FunctionalInterface
    private interface ReaderTask<T> {
        T run(ImageReader reader, ImageFormat format) throws IOException;
    }

    static void checkDimensions(int width, int height, long maxPixels) {
        if (width <= 0 || height <= 0) {
            throw InvalidImageException.invalidDimensions(width, height);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw InvalidImageException.tooManyPixels(pixels, maxPixels);
        }
    }

    /** The reader for the first accepted format on offer, a TwelveMonkeys one when there is a choice. */
    static Optional<ChosenReader> chooseReader(ImageInputStream in) {
        ChosenReader chosen = null;
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        while (readers.hasNext()) {
            ImageReader candidate = readers.next();
            Optional<ImageFormat> format = formatOf(candidate);
            boolean better = format.isPresent() && (chosen == null || !isPreferred(chosen.reader()) && isPreferred(candidate));
            if (better) {
                if (chosen != null) {
                    chosen.reader().dispose();
                }
                chosen = new ChosenReader(candidate, format.get());
            } else {
                candidate.dispose();
            }
        }
        return Optional.ofNullable(chosen);
    }

    private static Optional<ImageFormat> formatOf(ImageReader reader) {
        try {
            return ImageFormat.ofFormatName(reader.getFormatName());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isPreferred(ImageReader reader) {
        return reader.getClass().getName().startsWith(PREFERRED_READER_PREFIX);
    }

    record ChosenReader(ImageReader reader, ImageFormat format) {
    }

    /**
     * Readers report progress on the reading thread, the only one from which the JDK JPEG reader accepts
     * {@code abort()}: past the deadline the read is aborted there.
     */
    private static final class DeadlineWatcher extends IIOReadProgressAdapter {
        private final DecodeDeadline deadline;

        DeadlineWatcher(DecodeDeadline deadline) {
            this.deadline = deadline;
        }

        @Override
        public void imageProgress(ImageReader source, float percentageDone) {
            if (deadline.passed()) {
                source.abort();
            }
        }
    }

    /**
     * Spots missing JPEG scan data among harmless warnings (broken ICC profile, extraneous bytes):
     * "Corrupt JPEG data: premature end of data segment" (JDK) or "Premature end of JPEG file" (libjpeg).
     * A file that lacks only its EOI marker is complete and still accepted.
     */
    private static final class TruncationWatcher implements IIOReadWarningListener {
        boolean seen;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                seen = true;
            }
        }
    }
}
