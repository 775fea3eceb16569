package org.portrait.photos.control;

/** An upload body over the configured limit. Maps to 413. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("The photo is larger than the limit of " + limit + " bytes.");
    }
}
