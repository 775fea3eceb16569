package org.portrait.images.control;

/** Chooses the decode subsampling factor: as coarse as the outputs allow, and within a pixel budget. */
final class Subsampling {

    /** Twice the largest square we serve (648): halving from there keeps the quality of a full decode. */
    static final int SHORT_SIDE_PER_STEP = 1296;

    /** Keeps the decoded raster around 32 MB (TYPE_INT_RGB) whatever the upload. */
    static final long DECODED_PIXEL_BUDGET = 8_000_000L;

    private Subsampling() {
    }

    static int factor(int width, int height, int originalMaxSide) {
        return factor(width, height, originalMaxSide, DECODED_PIXEL_BUDGET);
    }

    /** The factor for the full frame: it feeds the original and, for ordinary aspect ratios, the squares. */
    static int factor(int width, int height, int originalMaxSide, long budget) {
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        int n = Math.max(1, Math.min(shortSide / SHORT_SIDE_PER_STEP, longSide / Math.max(1, originalMaxSide)));
        return withinBudget(width, height, n, budget);
    }

    /**
     * The factor for a separate decode of the centre {@code side x side} square, from which squares up
     * to {@code largestSquare} are scaled down. As for the full frame, it keeps at least twice the
     * largest square when the source has that much (so only halving steps are lost), never less than
     * {@code min(side, largestSquare)}, and stays within the budget. Should the budget be smaller than
     * {@code largestSquare}² (a misconfiguration: the default allows 2828²), the budget wins.
     */
    static int squareFactor(int side, int largestSquare, long budget) {
        int target = Math.max(1, Math.min(side, largestSquare));
        int n = Math.max(1, side / (2 * target));
        return withinBudget(side, side, n, budget);
    }

    private static int withinBudget(int width, int height, int n, long budget) {
        int factor = n;
        int longSide = Math.max(width, height);
        while (factor < longSide && decodedPixels(width, height, factor) > budget) {
            factor++;
        }
        return factor;
    }

    /** ImageIO keeps every n-th pixel starting at offset 0, so a side becomes ceil(side / n). */
    static long decodedPixels(int width, int height, int n) {
        return (long) decodedSide(width, n) * decodedSide(height, n);
    }

    static int decodedSide(int side, int n) {
        return (int) ((side + (long) n - 1) / n);
    }
}
