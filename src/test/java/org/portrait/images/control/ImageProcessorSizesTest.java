package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.images.control.TestImages.BLUE;
import static org.portrait.images.control.TestImages.GRAPH_SIDES;
import static org.portrait.images.control.TestImages.GREEN;
import static org.portrait.images.control.TestImages.RED;
import static org.portrait.images.control.TestImages.assertColour;
import static org.portrait.images.control.TestImages.decode;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Comparator;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which outputs exist and how large they are. */
class ImageProcessorSizesTest {

    final ImageProcessor cut = new ImageProcessor();

    @ParameterizedTest(name = "{0}x{1} gives squares {2}")
    @CsvSource(delimiter = ';', value = {
            "1; 1; ''",
            "10; 10; ''",
            "47; 300; ''",
            "48; 48; 48",
            "300; 100; 48 64 96",
            "100; 300; 48 64 96",
            "120; 121; 48 64 96 120",
            "504; 504; 48 64 96 120 240 360 432 504",
            "647; 900; 48 64 96 120 240 360 432 504",
            "648; 648; 48 64 96 120 240 360 432 504 648",
    })
    void squaresAreThoseTheShorterSideCanFill(int width, int height, String expected) {
        ProcessedImage result = cut.process(TestImages.jpeg(TestImages.photoLike(width, height, 1)), GRAPH_SIDES);

        assertEquals(expected, sidesOf(result.squares()));
        for (EncodedImage square : result.squares()) {
            BufferedImage decoded = decode(square);
            assertEquals(square.width(), square.height());
            assertEquals(square.width(), decoded.getWidth());
            assertEquals(square.height(), decoded.getHeight());
        }
        assertEquals(width, result.original().width());
        assertEquals(height, result.original().height());
        assertEquals(width, decode(result.original()).getWidth());
    }

    @Test
    void squaresAreSortedAscendingWhateverTheSetsOrder() {
        SortedSet<Integer> descending = new TreeSet<>(Comparator.reverseOrder());
        descending.addAll(List.of(64, 48, 96));

        ProcessedImage result = cut.process(TestImages.jpeg(TestImages.photoLike(300, 200, 2)), descending);

        assertEquals("48 64 96", sidesOf(result.squares()));
    }

    @Test
    void onlyRequestedSidesAreProduced() {
        ProcessedImage result = cut.process(TestImages.jpeg(TestImages.photoLike(400, 400, 3)),
                new TreeSet<>(List.of(0, 50, 399, 400, 401)));

        assertEquals("50 399 400", sidesOf(result.squares()));
    }

    @Test
    void noSidesRequestedGivesTheOriginalOnly() {
        ProcessedImage result = cut.process(TestImages.jpeg(TestImages.photoLike(400, 300, 4)), new TreeSet<>());

        assertTrue(result.squares().isEmpty());
        assertEquals(400, result.original().width());
    }

    @Test
    void squareIsTheCentreOfTheImage() {
        // 300x100 in thirds: red | green | blue. The centred 100x100 crop is all green.
        BufferedImage thirds = new BufferedImage(300, 100, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = thirds.createGraphics();
        g.setColor(RED);
        g.fillRect(0, 0, 100, 100);
        g.setColor(GREEN);
        g.fillRect(100, 0, 100, 100);
        g.setColor(BLUE);
        g.fillRect(200, 0, 100, 100);
        g.dispose();

        ProcessedImage result = cut.process(TestImages.write(thirds, "png"), GRAPH_SIDES);

        BufferedImage square = decode(result.squares().get(2));
        assertEquals(96, square.getWidth());
        for (int[] p : new int[][] {{2, 2}, {93, 2}, {2, 93}, {93, 93}, {48, 48}}) {
            assertColour(GREEN, square, p[0], p[1], 16);
        }
    }

    @Test
    void largeUploadIsCappedAndGivesEverySquare() {
        ProcessedImage result = cut.process(TestImages.jpeg(TestImages.photoLike(5000, 3000, 5)), GRAPH_SIDES);

        assertEquals("48 64 96 120 240 360 432 504 648", sidesOf(result.squares()));
        assertEquals(2048, result.original().width());
        assertEquals(1229, result.original().height());
        BufferedImage original = decode(result.original());
        assertEquals(2048, original.getWidth());
        assertEquals(1229, original.getHeight());
        assertEquals(648, decode(result.squares().get(8)).getWidth());
    }

    /**
     * 12 MP is decoded at half resolution to stay within the decode budget; the original is then
     * stored at 2000x1500 rather than upscaled to 2048x1536.
     */
    @Test
    void originalIsNeverUpscaledFromASubsampledDecode() {
        ProcessedImage result = cut.process(TestImages.jpeg(TestImages.photoLike(4000, 3000, 9)), GRAPH_SIDES);

        assertEquals(2000, result.original().width());
        assertEquals(1500, result.original().height());
        assertEquals(2000, decode(result.original()).getWidth());
        assertEquals("48 64 96 120 240 360 432 504 648", sidesOf(result.squares()));
    }

    @Test
    void portraitUploadIsCappedOnItsLongSide() {
        ProcessedImage result = cut.process(TestImages.jpeg(TestImages.photoLike(1000, 3000, 6)), GRAPH_SIDES);

        assertEquals(683, result.original().width());
        assertEquals(2048, result.original().height());
    }

    @Test
    void originalMaxSideIsConfigurable() {
        cut.originalMaxSide = 100;

        ProcessedImage result = cut.process(TestImages.jpeg(TestImages.photoLike(400, 200, 7)), GRAPH_SIDES);

        assertEquals(100, result.original().width());
        assertEquals(50, result.original().height());
        assertEquals("48 64 96 120", sidesOf(result.squares()), "squares follow the upload, not the cap");
    }

    @Test
    void scalingKeepsColoursOfLargeAreas() {
        BufferedImage big = TestImages.halves(3000, 2000, RED, BLUE);

        ProcessedImage result = cut.process(TestImages.jpeg(big), GRAPH_SIDES);

        BufferedImage original = decode(result.original());
        assertEquals(2048, original.getWidth());
        assertEquals(1365, original.getHeight());
        assertColour(RED, original, 500, 700, 12);
        assertColour(BLUE, original, 1500, 700, 12);
        BufferedImage square = decode(result.squares().get(0));
        assertColour(RED, square, 5, 24, 12);
        assertColour(BLUE, square, 42, 24, 12);
    }

    @Test
    void jpegQualityIsConfigurable() {
        byte[] upload = TestImages.jpeg(TestImages.photoLike(600, 400, 8));
        int fine = cut.process(upload, GRAPH_SIDES).original().jpeg().length;
        cut.jpegQuality = 0.3f;
        int coarse = cut.process(upload, GRAPH_SIDES).original().jpeg().length;

        assertTrue(coarse < fine * 0.7, coarse + " bytes at 0.3 vs " + fine + " at 0.9");
    }

    static String sidesOf(List<EncodedImage> squares) {
        return String.join(" ", squares.stream().map(s -> String.valueOf(s.width())).toList());
    }
}
