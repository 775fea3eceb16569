package org.portrait.images.control;

import java.awt.image.BufferedImage;

/**
 * A decoded upload. {@code width}/{@code height} come from the header (the stored orientation);
 * {@code image} may be smaller when it was decoded with subsampling.
 */
record DecodedImage(ImageFormat format, int width, int height, BufferedImage image) {
}
