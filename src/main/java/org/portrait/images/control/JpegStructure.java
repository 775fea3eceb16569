package org.portrait.images.control;

/**
 * Counts a JPEG's scans and metadata segments before any decoder sees it. Decoding cost grows with
 * every scan over the whole image (a 4 MiB body can hold 400,000 empty progressive scans: hours of
 * CPU), and readers keep every APPn/COM segment they pass. Real encoders write 1 scan (baseline) or
 * about 10 (libjpeg's progressive script), and a handful of segments; the limits are far above both:
 * at most 256 scans, and at most {@link #MAX_SCAN_PIXELS} scans times frame pixels.
 * Anything the walk ({@link JpegSegments}) cannot follow is left to the decoder to refuse.
 */
final class JpegStructure {

    /** libjpeg-turbo suggests 500 as a scan limit for untrusted input; encoders stay below 30. */
    static final int MAX_SCANS = 256;

    /** An ICC profile split across 64 KiB APP2 segments needs at most 64 within the body limit. */
    static final int MAX_METADATA_SEGMENTS = 1024;

    /**
     * Scans times frame pixels: what libjpeg's work grows with. About a second of CPU here; a 50 MP
     * progressive photo (10-12 scans) needs 600 M. Also bounds the work between two deadline checks,
     * which for the JPEG reader come only with each 4 KiB of input it pulls (enough for 400 empty scans).
     */
    static final long MAX_SCAN_PIXELS = 2_000_000_000L;

    private JpegStructure() {
    }

    /** @throws InvalidImageException when a JPEG has more scans or metadata segments than any encoder writes */
    static void check(byte[] b) {
        JpegSegments.walk(b, new Counts(b));
    }

    /** What the walk has seen so far. */
    private static final class Counts implements JpegSegments.Visitor {
        private final byte[] bytes;
        private int scans;
        private int segments;
        private long framePixels;

        Counts(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public boolean segment(int marker, int start, int end) {
            if (JpegSegments.isStartOfFrame(marker) && end - start >= 5) {
                framePixels = (long) JpegSegments.u16(bytes, start + 1) * JpegSegments.u16(bytes, start + 3);
            }
            if (marker == JpegSegments.SOS && ++scans > MAX_SCANS) {
                throw InvalidImageException.tooComplex(MAX_SCANS + " scans");
            }
            if (marker == JpegSegments.SOS && scans * framePixels > MAX_SCAN_PIXELS) {
                throw InvalidImageException.tooComplex(MAX_SCAN_PIXELS + " pixels to decode over all its scans");
            }
            if (JpegSegments.isMetadata(marker) && ++segments > MAX_METADATA_SEGMENTS) {
                throw InvalidImageException.tooComplex(MAX_METADATA_SEGMENTS + " metadata segments");
            }
            return true;
        }
    }
}
