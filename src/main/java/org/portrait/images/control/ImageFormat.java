package org.portrait.images.control;

import java.util.Locale;
import java.util.Optional;

/** The upload formats we accept; ImageIO may offer more (TIFF, WBMP), which we refuse. */
enum ImageFormat {
    JPEG, PNG, GIF, BMP, WEBP;

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
