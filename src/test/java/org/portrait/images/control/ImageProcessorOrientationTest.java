package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.portrait.images.control.TestImages.BLUE;
import static org.portrait.images.control.TestImages.GRAPH_SIDES;
import static org.portrait.images.control.TestImages.RED;
import static org.portrait.images.control.TestImages.assertColour;
import static org.portrait.images.control.TestImages.decode;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A stored 400x200 JPEG, red left and blue right, tagged with an EXIF orientation. Where each colour
 * must land once the image is upright, and the dimensions it must have.
 */
class ImageProcessorOrientationTest {

    final ImageProcessor cut = new ImageProcessor();

    @ParameterizedTest(name = "orientation {0} ({1} endian): {2}x{3}, red at {4}")
    @CsvSource({
            "1, little, 400, 200, left",
            "2, big,    400, 200, right",
            "3, little, 400, 200, right",
            "3, big,    400, 200, right",
            "4, little, 400, 200, left",
            "5, big,    200, 400, top",
            "6, little, 200, 400, top",
            "6, big,    200, 400, top",
            "7, little, 200, 400, bottom",
            "8, little, 200, 400, bottom",
            "8, big,    200, 400, bottom",
    })
    void outputIsUpright(int orientation, String endian, int width, int height, String redAt) {
        byte[] stored = TestImages.jpeg(TestImages.halves(400, 200, RED, BLUE));
        byte[] tagged = TestImages.spliceAfterSoi(stored, TestImages.exifSegment(orientation, endian.equals("little")));

        ProcessedImage result = cut.process(tagged, GRAPH_SIDES);

        assertEquals(width, result.original().width());
        assertEquals(height, result.original().height());
        BufferedImage original = decode(result.original());
        assertEquals(width, original.getWidth());
        assertEquals(height, original.getHeight());
        assertHalves(original, redAt);
        assertEquals("48 64 96 120", ImageProcessorSizesTest.sidesOf(result.squares()), "the upright short side is 200");
        assertHalves(decode(result.squares().get(3)), redAt);
    }

    private static void assertHalves(BufferedImage image, String redAt) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] first = redAt.equals("left") || redAt.equals("right") ? new int[] {w / 4, h / 2} : new int[] {w / 2, h / 4};
        int[] second = redAt.equals("left") || redAt.equals("right") ? new int[] {w * 3 / 4, h / 2} : new int[] {w / 2, h * 3 / 4};
        boolean redFirst = redAt.equals("left") || redAt.equals("top");
        Color atFirst = redFirst ? RED : BLUE;
        Color atSecond = redFirst ? BLUE : RED;
        assertColour(atFirst, image, first[0], first[1], 12);
        assertColour(atSecond, image, second[0], second[1], 12);
    }
}
