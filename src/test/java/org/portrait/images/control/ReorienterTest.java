package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each EXIF orientation on a stored 3x2 image "abc/def". Expected layouts follow the EXIF spec's
 * wording (where the stored 0th row and 0th column end up when displayed).
 */
class ReorienterTest {

    @ParameterizedTest(name = "orientation {0} displays {1}")
    @CsvSource({
            "1, abc/def",
            "2, cba/fed",    // 0th row top, 0th column right
            "3, fed/cba",    // 0th row bottom, 0th column right
            "4, def/abc",    // 0th row bottom, 0th column left
            "5, ad/be/cf",   // 0th row left, 0th column top
            "6, da/eb/fc",   // 0th row right, 0th column top
            "7, fc/eb/da",   // 0th row right, 0th column bottom
            "8, cf/be/ad",   // 0th row left, 0th column bottom
    })
    void displaysAsTheSpecSays(int orientation, String expected) {
        assertEquals(expected, layout(Reorienter.apply(stored(), orientation)));
    }

    @Test
    void unknownOrientationsLeaveTheImageAlone() {
        BufferedImage image = stored();
        assertSame(image, Reorienter.apply(image, 0));
        assertSame(image, Reorienter.apply(image, 9));
    }

    private static BufferedImage stored() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        String letters = "abcdef";
        for (int i = 0; i < letters.length(); i++) {
            image.setRGB(i % 3, i / 3, letters.charAt(i));
        }
        return image;
    }

    private static String layout(BufferedImage image) {
        StringBuilder rows = new StringBuilder();
        for (int y = 0; y < image.getHeight(); y++) {
            if (y > 0) {
                rows.append('/');
            }
            for (int x = 0; x < image.getWidth(); x++) {
                rows.append((char) (image.getRGB(x, y) & 0xFF));
            }
        }
        return rows.toString();
    }
}
