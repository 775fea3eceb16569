package org.portrait.images.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Turns an upload into the stored photo: an upright, sRGB, opaque original capped at
 * {@code originalMaxSide}, plus centre-cropped squares for every requested side the upload can
 * fill without upscaling. Stateless apart from configuration, hence safe to share between threads.
 */
@ApplicationScoped
public class ImageProcessor {

    @Inject
    @ConfigProperty(name = "portrait.image.max-pixels", defaultValue = "50000000")
    long maxPixels = 50_000_000L;

    @Inject
    @ConfigProperty(name = "portrait.image.original-max-side", defaultValue = "2048")
    int originalMaxSide = 2048;

    @Inject
    @ConfigProperty(name = "portrait.image.jpeg-quality", defaultValue = "0.9")
    float jpegQuality = 0.9f;

    /** Wall-clock time one upload may take from the first decoded byte to the last encoded one. */
    @Inject
    @ConfigProperty(name = "portrait.image.decode-timeout-ms", defaultValue = "10000")
    long decodeTimeoutMillis = 10_000L;

    /** Uploads decoding at once; more wait (see below) and then get a 503. */
    @Inject
    @ConfigProperty(name = "portrait.image.max-concurrent-decodes", defaultValue = "4")
    int maxConcurrentDecodes = 4;

    /** How long an upload waits for a free decode slot before it is refused. */
    @Inject
    @ConfigProperty(name = "portrait.image.decode-wait-ms", defaultValue = "3000")
    long decodeWaitMillis = 3_000L;

    private volatile DecodeSlots slots;

    /**
     * Pixels one decode may allocate (4 bytes each). Not configuration: package-private so that tests
     * can reach the extreme-aspect-ratio paths with small images.
     */
    long decodedPixelBudget = Subsampling.DECODED_PIXEL_BUDGET;

    /**
     * @param data        the uploaded bytes, any of JPEG, PNG, GIF (first frame), BMP, WebP
     * @param squareSides the square sides wanted; those larger than the upload's shorter side are skipped
     * @throws InvalidImageException when the bytes are not a supported, sound image within the pixel
     *                               limit, or take longer than the decode timeout
     * @throws DecodersBusyException  when every decode slot stays taken for the whole wait
     */
    /** Whether the bytes begin like an image of an accepted format (decoding may still refuse them). */
    public boolean recognises(byte[] data) {
        return ImageFormat.sniff(data).isPresent();
    }

    public ProcessedImage process(byte[] data, SortedSet<Integer> squareSides) {
        Objects.requireNonNull(squareSides, "squareSides");
        try (DecodeSlots.Slot slot = slots().acquire()) {
            return process(data, squareSides, DecodeDeadline.in(decodeTimeoutMillis));
        }
    }

    private ProcessedImage process(byte[] data, SortedSet<Integer> squareSides, DecodeDeadline deadline) {
        DecodedImage decoded = ImageDecoder.decode(data, maxPixels, originalMaxSide, decodedPixelBudget, deadline);
        deadline.check();
        int orientation = decoded.format() == ImageFormat.JPEG ? ExifOrientation.of(data) : ExifOrientation.NORMAL;
        BufferedImage upright = Reorienter.apply(SrgbFlattener.flatten(decoded.image()), orientation);

        // Sizes follow the upload's own dimensions, not the (possibly subsampled) decode.
        boolean swapped = Reorienter.swapsSides(orientation);
        int width = swapped ? decoded.height() : decoded.width();
        int height = swapped ? decoded.width() : decoded.height();
        int shortSide = Math.min(width, height);

        deadline.check();
        EncodedImage original = encodeOriginal(upright, width, height);
        deadline.check();
        List<Integer> sides = sidesUpTo(squareSides, shortSide);
        int n = centreSquareSubsampling(upright, shortSide, sides);
        BufferedImage squareSource;
        if (n == 0) {
            squareSource = upright;
        } else {
            decoded = null; // let the full frame go before the second decode
            upright = null;
            squareSource = Reorienter.apply(
                    SrgbFlattener.flatten(ImageDecoder.decodeCentreSquare(data, n, deadline)), orientation);
            deadline.check();
        }
        List<EncodedImage> squares = encodeSquares(squareSource, sides);
        deadline.check();
        return new ProcessedImage(original, squares);
    }

    /** Made on first use, from the configuration (injected after construction). */
    private DecodeSlots slots() {
        DecodeSlots current = slots;
        if (current == null) {
            synchronized (this) {
                current = slots;
                if (current == null) {
                    current = new DecodeSlots(maxConcurrentDecodes, decodeWaitMillis);
                    slots = current;
                }
            }
        }
        return current;
    }

    /**
     * 0 when the squares can come from the full-frame decode, as for any ordinary photo. Otherwise the
     * subsampling for a separate decode of the centre square: with an extreme aspect ratio the pixel
     * budget subsamples the whole frame until its short side is below the largest square (40000x1250
     * decodes at 1/3 to 13334x417, short of 648), and squares must never be scaled up from fewer pixels
     * than the upload has. A square region is the same one in the stored and the upright image.
     */
    private int centreSquareSubsampling(BufferedImage fullFrame, int shortSide, List<Integer> sidesDescending) {
        int decodedShortSide = Math.min(fullFrame.getWidth(), fullFrame.getHeight());
        if (sidesDescending.isEmpty() || decodedShortSide >= sidesDescending.get(0)) {
            return 0;
        }
        int n = Subsampling.squareFactor(shortSide, sidesDescending.get(0), decodedPixelBudget);
        return Subsampling.decodedSide(shortSide, n) > decodedShortSide ? n : 0;
    }

    private EncodedImage encodeOriginal(BufferedImage image, int width, int height) {
        int longSide = Math.max(width, height);
        int maxSide = Math.max(1, originalMaxSide);
        int targetWidth = width;
        int targetHeight = height;
        if (longSide > maxSide) {
            targetWidth = Math.max(1, (int) Math.round((double) width * maxSide / longSide));
            targetHeight = Math.max(1, (int) Math.round((double) height * maxSide / longSide));
        }
        if (targetWidth > image.getWidth() || targetHeight > image.getHeight()) {
            // Subsampled to stay within the decode budget (e.g. 4000x3000 -> 2000x1500): store what we
            // have rather than invent pixels by upscaling.
            targetWidth = image.getWidth();
            targetHeight = image.getHeight();
        }
        return JpegEncoder.encode(Downscaler.scale(image, targetWidth, targetHeight), jpegQuality);
    }

    private List<EncodedImage> encodeSquares(BufferedImage image, List<Integer> sidesDescending) {
        List<EncodedImage> squares = new ArrayList<>(sidesDescending.size());
        for (BufferedImage square : Downscaler.squares(image, sidesDescending)) {
            squares.add(JpegEncoder.encode(square, jpegQuality));
        }
        Collections.reverse(squares); // ascending by side, as ProcessedImage promises
        return squares;
    }

    /** The positive sides not above {@code shortSide}, largest first: we never upscale. */
    static List<Integer> sidesUpTo(SortedSet<Integer> sides, int shortSide) {
        List<Integer> kept = new ArrayList<>();
        for (Integer side : sides) {
            if (side != null && side > 0 && side <= shortSide) {
                kept.add(side);
            }
        }
        kept.sort(Comparator.reverseOrder()); // whatever comparator the caller's set uses
        return kept;
    }
}
