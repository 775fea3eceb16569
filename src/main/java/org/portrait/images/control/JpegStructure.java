package org.portrait.images.control;

/**
 * Counts a JPEG's scans and metadata segments before any decoder sees it. Decoding cost grows with
 * every scan over the whole image (a 4 MiB body can hold 400,000 empty progressive scans: hours of
 * CPU), and readers keep every APPn/COM segment they pass. Real encoders write 1 scan (baseline) or
 * about 10 (libjpeg's progressive script), and a handful of segments; the limits are far above both:
 * at most 256 scans, and at most {@link #MAX_SCAN_PIXELS} scans times frame pixels.
 * Anything the walk cannot follow is left to the decoder to refuse.
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

    private static final int SOS = 0xDA;
    private static final int EOI = 0xD9;
    private static final int COM = 0xFE;

    private JpegStructure() {
    }

    /** @throws InvalidImageException when a JPEG has more scans or metadata segments than any encoder writes */
    static void check(byte[] b) {
        if (b == null || b.length < 4 || u8(b, 0) != 0xFF || u8(b, 1) != 0xD8) {
            return;
        }
        int scans = 0;
        int segments = 0;
        long framePixels = 0;
        int pos = 2;
        while (pos + 3 < b.length) {
            if (u8(b, pos) != 0xFF) {
                return;
            }
            int marker = u8(b, pos + 1);
            if (marker == 0xFF) { // fill byte
                pos++;
                continue;
            }
            if (marker == EOI) {
                return;
            }
            if (marker == 0x01 || marker >= 0xD0 && marker <= 0xD8) { // TEM, RSTn, SOI: no length
                pos += 2;
                continue;
            }
            int end = pos + 2 + (u8(b, pos + 2) << 8 | u8(b, pos + 3));
            if (end > b.length) {
                return;
            }
            if (isStartOfFrame(marker) && end - pos >= 9) {
                framePixels = (long) (u8(b, pos + 5) << 8 | u8(b, pos + 6)) * (u8(b, pos + 7) << 8 | u8(b, pos + 8));
            }
            if (marker == SOS && ++scans > MAX_SCANS) {
                throw InvalidImageException.tooComplex(MAX_SCANS + " scans");
            }
            if (marker == SOS && scans * framePixels > MAX_SCAN_PIXELS) {
                throw InvalidImageException.tooComplex(MAX_SCAN_PIXELS + " pixels to decode over all its scans");
            }
            if ((marker >= 0xE0 && marker <= 0xEF || marker == COM) && ++segments > MAX_METADATA_SEGMENTS) {
                throw InvalidImageException.tooComplex(MAX_METADATA_SEGMENTS + " metadata segments");
            }
            pos = marker == SOS ? afterEntropyCodedData(b, end) : end;
        }
    }

    /** SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    private static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    /** The position of the next marker after a scan's data: FF followed by neither 00 (stuffing) nor RSTn. */
    private static int afterEntropyCodedData(byte[] b, int pos) {
        int i = pos;
        while (i + 1 < b.length) {
            if (u8(b, i) == 0xFF) {
                int next = u8(b, i + 1);
                if (next != 0x00 && next != 0xFF && (next < 0xD0 || next > 0xD7)) {
                    return i;
                }
            }
            i++;
        }
        return b.length;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }
}
