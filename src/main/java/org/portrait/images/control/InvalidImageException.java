package org.portrait.images.control;

/**
 * The uploaded bytes cannot become a photo. The message is a short sentence meant for the client:
 * it never names classes, paths or reader internals (those stay in the cause, for the log).
 */
public class InvalidImageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }

    static InvalidImageException unsupportedFormat() {
        return new InvalidImageException(
                "The body is not an image of a supported format (JPEG, PNG, GIF, BMP, WebP).");
    }

    static InvalidImageException corrupt(Throwable cause) {
        return new InvalidImageException("The image is corrupt or truncated.", cause);
    }

    static InvalidImageException invalidDimensions(int width, int height) {
        return new InvalidImageException("The image has invalid dimensions (" + width + " x " + height + ").");
    }

    static InvalidImageException tooManyPixels(long pixels, long maxPixels) {
        return new InvalidImageException("The image has too many pixels (" + pixels + " > " + maxPixels + ").");
    }

    static InvalidImageException tooSlow(long timeoutMillis) {
        return new InvalidImageException("The image could not be processed within " + timeoutMillis + " ms.");
    }

    static InvalidImageException tooComplex(String limit) {
        return new InvalidImageException("The image has more than " + limit + ".");
    }
}
