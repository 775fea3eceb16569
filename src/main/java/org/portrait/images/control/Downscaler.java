package org.portrait.images.control;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * High-quality, fast downscaling: bilinear halving steps (each an exact 2x2 average) while the image
 * is at least twice the target, then one bilinear step (factor below 2) to the exact size. Measured
 * against a Lanczos3 reference, a bicubic last step scored no better (0.1-0.8 dB worse) and took 3x longer.
 */
final class Downscaler {

    private Downscaler() {
    }

    /**
     * Centre-crops to a square and scales it to each side, largest first, so that every size
     * continues the halving chain of the previous one instead of starting from the full image.
     *
     * @param sidesDescending the sides wanted, largest first
     * @return one image per side, in the same order
     */
    static List<BufferedImage> squares(BufferedImage image, List<Integer> sidesDescending) {
        int side = Math.min(image.getWidth(), image.getHeight());
        BufferedImage current = image.getSubimage(
                (image.getWidth() - side) / 2, (image.getHeight() - side) / 2, side, side);
        List<BufferedImage> result = new ArrayList<>(sidesDescending.size());
        for (int target : sidesDescending) {
            current = halveWhileTwiceAsLarge(current, target, target);
            result.add(resize(current, target, target));
        }
        return result;
    }

    /** Scales the whole image to exactly width x height. */
    static BufferedImage scale(BufferedImage image, int width, int height) {
        return resize(halveWhileTwiceAsLarge(image, width, height), width, height);
    }

    private static BufferedImage halveWhileTwiceAsLarge(BufferedImage image, int width, int height) {
        BufferedImage current = image;
        while (current.getWidth() >= 2 * width && current.getHeight() >= 2 * height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return current;
    }

    private static BufferedImage resize(BufferedImage image, int width, int height) {
        if (image.getWidth() == width && image.getHeight() == height) {
            return image;
        }
        return draw(image, width, height);
    }

    private static BufferedImage draw(BufferedImage src, int width, int height) {
        // Always a TYPE_INT_RGB destination: Java2D may otherwise hand back ARGB, which the JPEG writer refuses.
        BufferedImage dst = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(src, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return dst;
    }
}
