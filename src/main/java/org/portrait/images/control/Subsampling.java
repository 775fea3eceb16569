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
        int shortSide = Math.min(width, height);
        int longSide = Math.max(width, height);
        int n = Math.max(1, Math.min(shortSide / SHORT_SIDE_PER_STEP, longSide / Math.max(1, originalMaxSide)));
        while (decodedPixels(width, height, n) > DECODED_PIXEL_BUDGET) {
            n++;
        }
        return n;
    }

    /** ImageIO keeps every n-th pixel starting at offset 0, so a side becomes ceil(side / n). */
    static long decodedPixels(int width, int height, int n) {
        long w = (width + (long) n - 1) / n;
        long h = (height + (long) n - 1) / n;
        return w * h;
    }
}
