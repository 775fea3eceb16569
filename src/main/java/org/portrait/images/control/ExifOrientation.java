package org.portrait.images.control;

/**
 * Reads the EXIF orientation (tag 0x0112) from a JPEG's APP1 "Exif" segment, found by {@link JpegSegments}. Defensive by design:
 * any garbage, truncation or absence yields 1 (as stored), never an exception.
 */
final class ExifOrientation {

    static final int NORMAL = 1;
    private static final int ORIENTATION_TAG = 0x0112;
    private static final int TYPE_SHORT = 3;
    private static final int TYPE_LONG = 4;

    private ExifOrientation() {
    }

    static int of(byte[] jpeg) {
        try {
            return find(jpeg);
        } catch (RuntimeException e) {
            return NORMAL; // belt and braces: the bounds checks below should make this unreachable
        }
    }

    private static int find(byte[] b) {
        int[] orientation = {NORMAL};
        JpegSegments.walk(b, (marker, start, end) -> {
            if (marker == JpegSegments.SOS) {
                return false; // EXIF must come before the scan
            }
            if (marker == JpegSegments.APP1 && isExifHeader(b, start, end)) {
                orientation[0] = fromTiff(b, start + 6, end);
                return false;
            }
            return true;
        });
        return orientation[0];
    }

    private static boolean isExifHeader(byte[] b, int start, int end) {
        return end - start >= 6 && b[start] == 'E' && b[start + 1] == 'x' && b[start + 2] == 'i'
                && b[start + 3] == 'f' && b[start + 4] == 0 && b[start + 5] == 0;
    }

    /** Offsets in a TIFF structure are relative to {@code tiff}; nothing may be read at or past {@code end}. */
    private static int fromTiff(byte[] b, int tiff, int end) {
        if (end - tiff < 8) {
            return NORMAL;
        }
        boolean little;
        if (b[tiff] == 'I' && b[tiff + 1] == 'I') {
            little = true;
        } else if (b[tiff] == 'M' && b[tiff + 1] == 'M') {
            little = false;
        } else {
            return NORMAL;
        }
        if (u16(b, tiff + 2, little) != 42) {
            return NORMAL;
        }
        long ifd = u32(b, tiff + 4, little);
        if (ifd < 8 || tiff + ifd + 2 > end) {
            return NORMAL;
        }
        int dir = (int) (tiff + ifd);
        int count = u16(b, dir, little);
        for (int i = 0; i < count; i++) {
            int entry = dir + 2 + 12 * i;
            if (entry + 12 > end) {
                return NORMAL;
            }
            if (u16(b, entry, little) == ORIENTATION_TAG) {
                return orientationValue(b, entry, little);
            }
        }
        return NORMAL;
    }

    private static int orientationValue(byte[] b, int entry, boolean little) {
        int type = u16(b, entry + 2, little);
        long value;
        if (type == TYPE_SHORT) {
            value = u16(b, entry + 8, little); // a SHORT sits left-justified in the 4-byte value field
        } else if (type == TYPE_LONG) {
            value = u32(b, entry + 8, little);
        } else {
            return NORMAL;
        }
        return value >= 1 && value <= 8 ? (int) value : NORMAL;
    }

    private static int u8(byte[] b, int i) {
        return b[i] & 0xFF;
    }

    private static int u16(byte[] b, int i, boolean little) {
        return little ? u8(b, i) | u8(b, i + 1) << 8 : u8(b, i) << 8 | u8(b, i + 1);
    }

    private static long u32(byte[] b, int i, boolean little) {
        long lo = u16(b, little ? i : i + 2, little);
        long hi = u16(b, little ? i + 2 : i, little);
        return hi << 16 | lo;
    }
}
