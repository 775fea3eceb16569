package org.portrait.photos.control;

/** The owner exists but has no photo of the asked size. Maps to 404 ImageNotFound. */
public class ImageNotFoundException extends RuntimeException {

    public ImageNotFoundException() {
        super("The photo wasn't found.");
    }
}
