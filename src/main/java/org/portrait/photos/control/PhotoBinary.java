package org.portrait.photos.control;

/** The bytes of one size, or none when the client's If-None-Match already names them. */
public record PhotoBinary(String etag, byte[] bytes) {

    public boolean notModified() {
        return bytes == null;
    }
}
