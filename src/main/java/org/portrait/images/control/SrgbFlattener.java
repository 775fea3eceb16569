package org.portrait.images.control;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.SinglePixelPackedSampleModel;

/** Brings any decoded image to opaque sRGB in TYPE_INT_RGB: colour-converted, alpha flattened onto white. */
final class SrgbFlattener {

    private SrgbFlattener() {
    }

    static BufferedImage flatten(BufferedImage src) {
        BufferedImage srgb = isSrgbOrGrey(src) ? src : toSrgb(src);
        if (isPlainIntRgb(srgb)) {
            return srgb;
        }
        BufferedImage dst = new BufferedImage(srgb.getWidth(), srgb.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = dst.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, dst.getWidth(), dst.getHeight());
            g.drawImage(srgb, 0, 0, null);
        } finally {
            g.dispose();
        }
        return dst;
    }

    /**
     * Grey images are treated as sRGB-encoded grey (what PNG and JPEG mean by it): Java2D copies the
     * values straight to R=G=B, whereas a ColorConvertOp from the JDK's linear grey would brighten them.
     */
    private static boolean isSrgbOrGrey(BufferedImage image) {
        ColorSpace cs = image.getColorModel().getColorSpace();
        return cs.isCS_sRGB() || cs.getType() == ColorSpace.TYPE_GRAY;
    }

    private static BufferedImage toSrgb(BufferedImage src) {
        int type = src.getColorModel().hasAlpha() ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB;
        BufferedImage dst = new BufferedImage(src.getWidth(), src.getHeight(), type);
        try {
            new ColorConvertOp(null).filter(src, dst); // from the source's (ICC) colour space to dst's sRGB
        } catch (RuntimeException e) {
            throw InvalidImageException.corrupt(e); // CMMException and friends: an unusable embedded profile
        }
        return dst;
    }

    /** Our pixel loops index the data array directly: only a whole, unshared INT_RGB raster qualifies. */
    private static boolean isPlainIntRgb(BufferedImage image) {
        return image.getType() == BufferedImage.TYPE_INT_RGB
                && image.getRaster().getParent() == null
                && image.getRaster().getDataBuffer().getOffset() == 0
                && image.getSampleModel() instanceof SinglePixelPackedSampleModel sm
                && sm.getScanlineStride() == image.getWidth();
    }
}
