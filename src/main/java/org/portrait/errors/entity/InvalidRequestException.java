package org.portrait.errors.entity;

/** The request itself is malformed: a bad size, query option or body. Maps to 400. */
public class InvalidRequestException extends RuntimeException {

    private final String code;

    public InvalidRequestException(String message) {
        this("BadRequest", message);
    }

    public InvalidRequestException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
