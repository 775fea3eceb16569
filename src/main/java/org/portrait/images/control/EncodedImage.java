package org.portrait.images.control;

/** An sRGB baseline JPEG without metadata, and the pixel dimensions it decodes to. */
public record EncodedImage(int width, int height, byte[] jpeg) {
}
