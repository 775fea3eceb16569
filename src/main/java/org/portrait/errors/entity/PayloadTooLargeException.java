package org.portrait.errors.entity;

/** A request body over its configured limit. Maps to 413. */
public class PayloadTooLargeException extends RuntimeException {

    public PayloadTooLargeException(long limit) {
        super("The request body is larger than the limit of " + limit + " bytes.");
    }
}
