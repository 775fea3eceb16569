package org.portrait.images.control;

/**
 * The one walk over a JPEG's marker segments, for every reader of JPEG structure (the limits checked
 * before decoding, the EXIF orientation after it), so that they agree on every edge case: fill bytes
 * are skipped, markers without a length (SOI, TEM, RSTn) are stepped over, a scan's entropy-coded
 * data is skipped to the next marker, and the walk ends quietly at EOI, at the end of the bytes, or at
 * anything it cannot follow (a missing marker, a length under 2 or past the end). Never throws itself.
 */
final class JpegSegments {

    static final int SOS = 0xDA;
    static final int EOI = 0xD9;
    static final int APP1 = 0xE1;
    static final int COM = 0xFE;

    /** One segment with a length; returns false to end the walk. */
    interface Visitor {
        /**
         * @param start the first byte after the segment's length field
         * @param end   the first byte after the segment
         */
        boolean segment(int marker, int start, int end);
    }

    private JpegSegments() {
    }

    static boolean isJpeg(byte[] b) {
        return b != null && b.length >= 4 && u8(b, 0) == 0xFF && u8(b, 1) == 0xD8;
    }

    static void walk(byte[] b, Visitor visitor) {
        if (!isJpeg(b)) {
            return;
        }
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
            int length = u8(b, pos + 2) << 8 | u8(b, pos + 3);
            int end = pos + 2 + length;
            if (length < 2 || end > b.length || !visitor.segment(marker, pos + 4, end)) {
                return;
            }
            pos = marker == SOS ? afterEntropyCodedData(b, end) : end;
        }
    }

    /** SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC), which share the range. */
    static boolean isStartOfFrame(int marker) {
        return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    }

    static boolean isMetadata(int marker) {
        return marker >= 0xE0 && marker <= 0xEF || marker == COM;
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

    static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    static int u16(byte[] b, int i) {
        return u8(b, i) << 8 | u8(b, i + 1);
    }
}
