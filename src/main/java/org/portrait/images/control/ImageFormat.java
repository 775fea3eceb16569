package org.portrait.images.control;

import java.util.Locale;
import java.util.Optional;

/** The upload formats we accept; ImageIO may offer more (TIFF, WBMP), which we refuse. */
enum ImageFormat {
    JPEG, PNG, GIF, BMP, WEBP;

    /** The format whose signature the bytes begin with; no more than that is checked. */
    static Optional<ImageFormat> sniff(byte[] data) {
        if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(data, 0, 'G', 'I', 'F', '8')) {
            return Optional.of(GIF);
        }
        if (startsWith(data, 0, 'B', 'M')) {
            return Optional.of(BMP);
        }
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        return Optional.empty();
    }

    private static boolean startsWith(byte[] data, int offset, int... signature) {
        if (data == null || data.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((data[offset + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    static Optional<ImageFormat> ofFormatName(String name) {
        String upper = name == null ? "" : name.toUpperCase(Locale.ROOT);
        return switch (upper) {
            case "JPEG", "JPG" -> Optional.of(JPEG);
            case "PNG" -> Optional.of(PNG);
            case "GIF" -> Optional.of(GIF);
            case "BMP" -> Optional.of(BMP);
            case "WEBP" -> Optional.of(WEBP);
            default -> Optional.empty();
        };
    }
}
