package org.portrait.images.control;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/** Applies an EXIF orientation (1..8) to a TYPE_INT_RGB image so that it displays upright. */
final class Reorienter {

    private Reorienter() {
    }

    /** Orientations 5..8 turn the image by a quarter: its width and height swap. */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    static BufferedImage apply(BufferedImage src, int orientation) {
        if (orientation < 2 || orientation > 8) {
            return src;
        }
        int sw = src.getWidth();
        int sh = src.getHeight();
        int dw = swapsSides(orientation) ? sh : sw;
        int dh = swapsSides(orientation) ? sw : sh;
        BufferedImage dst = new BufferedImage(dw, dh, BufferedImage.TYPE_INT_RGB);
        // Plain index arithmetic on the pixel arrays: exact, and faster than an AffineTransformOp.
        int[] s = ((DataBufferInt) src.getRaster().getDataBuffer()).getData();
        int[] d = ((DataBufferInt) dst.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < dh; y++) {
            int row = y * dw;
            for (int x = 0; x < dw; x++) {
                d[row + x] = s[sourceIndex(orientation, x, y, sw, sh)];
            }
        }
        return dst;
    }

    /** Where destination pixel (x, y) comes from in the stored image of size sw x sh. */
    private static int sourceIndex(int orientation, int x, int y, int sw, int sh) {
        return switch (orientation) {
            case 2 -> y * sw + (sw - 1 - x);                 // mirrored horizontally
            case 3 -> (sh - 1 - y) * sw + (sw - 1 - x);      // rotated 180°
            case 4 -> (sh - 1 - y) * sw + x;                 // mirrored vertically
            case 5 -> x * sw + y;                            // transposed
            case 6 -> (sh - 1 - x) * sw + y;                 // needs 90° clockwise
            case 7 -> (sh - 1 - x) * sw + (sw - 1 - y);      // transversed
            case 8 -> x * sw + (sw - 1 - y);                 // needs 90° counter-clockwise
            default -> y * sw + x;
        };
    }
}
