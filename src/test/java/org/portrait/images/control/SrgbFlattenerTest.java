package org.portrait.images.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.portrait.images.control.TestImages.assertColour;

import java.awt.Color;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

class SrgbFlattenerTest {

    /** Readers that keep an embedded profile hand back such images: 0.5 linear is sRGB ~188. */
    @Test
    void convertsOtherColourSpacesToSrgb() {
        ComponentColorModel linear = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_LINEAR_RGB),
                false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = linear.createCompatibleWritableRaster(4, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                raster.setPixel(x, y, new int[] {128, 128, 128});
            }
        }

        BufferedImage flat = SrgbFlattener.flatten(new BufferedImage(linear, raster, false, null));

        assertEquals(BufferedImage.TYPE_INT_RGB, flat.getType());
        assertColour(new Color(188, 188, 188), flat, 1, 1, 4);
    }

    @Test
    void translucentPixelsAreBlendedOntoWhite() {
        BufferedImage argb = new BufferedImage(2, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x00000000);
        argb.setRGB(1, 0, 0x80000000); // half-transparent black

        BufferedImage flat = SrgbFlattener.flatten(argb);

        assertEquals(BufferedImage.TYPE_INT_RGB, flat.getType());
        assertColour(Color.WHITE, flat, 0, 0, 0);
        assertColour(new Color(127, 127, 127), flat, 1, 0, 2);
    }

    @Test
    void greyLevelsAreKept() {
        BufferedImage grey = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(0, 0, 0, 100);

        assertColour(new Color(100, 100, 100), SrgbFlattener.flatten(grey), 0, 0, 1);
    }

    @Test
    void plainIntRgbIsUsedAsIs() {
        BufferedImage rgb = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        assertSame(rgb, SrgbFlattener.flatten(rgb));
    }

    /** The pixel loops index the backing array from 0 with stride = width: a sub-image must be copied. */
    @Test
    void subImagesAreCopied() {
        BufferedImage rgb = TestImages.halves(4, 4, Color.RED, Color.BLUE);
        BufferedImage sub = rgb.getSubimage(2, 0, 2, 2);

        BufferedImage flat = SrgbFlattener.flatten(sub);

        assertNotSame(sub, flat);
        assertColour(Color.BLUE, flat, 0, 0, 0);
    }
}
