package org.portrait.errors.entity;

/** A request body of a type the operation does not take. Maps to 415. */
public class UnsupportedMediaTypeException extends RuntimeException {

    public UnsupportedMediaTypeException(String message) {
        super(message);
    }
}
