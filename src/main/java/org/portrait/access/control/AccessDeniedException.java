package org.portrait.access.control;

/** A valid token without a permission that allows the operation. Maps to 403. */
public class AccessDeniedException extends RuntimeException {

    public AccessDeniedException(String message) {
        super(message);
    }
}
