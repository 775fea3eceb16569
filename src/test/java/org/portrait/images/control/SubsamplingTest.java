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

    @Test
    void decodedSidesRoundUp() {
        assertEquals(3L * 2, Subsampling.decodedPixels(5, 3, 2));
    }
}
