package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubsamplingTest {

    @ParameterizedTest(name = "{0}x{1} -> {2}")
    @CsvSource({
            "1, 1, 1",
            "2048, 2048, 1",
            "2591, 3000, 1",   // short side under 2x1296
            "2592, 4096, 2",   // 12.6 MP phone photo at 4:3... 2592/1296 = 2, 4096/2048 = 2
            "3000, 4000, 2",   // 12 MP: 1 by the side rules, 2 by the 8 MP budget
            "3000, 5000, 2",
            "6000, 8000, 3",   // 48 MP: 3 by the side rules, within the budget
            "6000, 6000, 3",   // 2 by the side rules, 3 by the budget
            "1000, 50000, 3",  // a panorama: only the budget subsamples it
    })
    void factor(int width, int height, int expected) {
        int n = Subsampling.factor(width, height, 2048);
        assertEquals(expected, n);
        assertTrue(Subsampling.decodedPixels(width, height, n) <= Subsampling.DECODED_PIXEL_BUDGET);
    }

    @ParameterizedTest(name = "{0}x{1} within {2} -> {3}")
    @CsvSource({
            "4000, 3000, 8000000, 2",
            "24000, 1000, 8000000, 2",   // 12000x500: short of the 648 square
            "40000, 1250, 8000000, 3",   // 13334x417
            "6000, 300, 500000, 2",
            "300, 6000, 500000, 2",
    })
    void factorWithinABudget(int width, int height, long budget, int expected) {
        int n = Subsampling.factor(width, height, 2048, budget);
        assertEquals(expected, n);
        assertTrue(Subsampling.decodedPixels(width, height, n) <= budget);
    }

    /** The centre square's own factor: at least min(side, largest square), twice that where possible. */
    @ParameterizedTest(name = "side {0}, largest square {1}, budget {2} -> {3}")
    @CsvSource({
            "1250, 648, 8000000, 1",   // the 40000x1250 panorama: 1250x1250 in full
            "1000, 648, 8000000, 1",
            "300, 240, 500000, 1",
            "200, 648, 8000000, 1",    // side below the largest square
            "2592, 648, 8000000, 2",   // 1296 = twice 648
            "2591, 648, 8000000, 1",
            "10000, 648, 8000000, 7",  // 1429: halving steps to 648 from there
            "3000, 2000, 1000000, 3",  // a budget below 2000^2: the budget wins
    })
    void squareFactor(int side, int largestSquare, long budget, int expected) {
        int n = Subsampling.squareFactor(side, largestSquare, budget);
        assertEquals(expected, n);
        assertTrue(Subsampling.decodedPixels(side, side, n) <= budget);
        if ((long) largestSquare * largestSquare <= budget) {
            assertTrue(Subsampling.decodedSide(side, n) >= Math.min(side, largestSquare));
        }
    }

    @Test
    void decodedSidesRoundUp() {
        assertEquals(3L * 2, Subsampling.decodedPixels(5, 3, 2));
    }
}
