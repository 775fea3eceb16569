package org.portrait.security.control;

/** No usable token: missing, or lacking the claims Portrait needs. Maps to 401. */
public class UnauthenticatedException extends RuntimeException {

    public UnauthenticatedException(String message) {
        super(message);
    }
}
