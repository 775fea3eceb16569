package org.portrait.photos.boundary;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.portrait.photos.control.PhotoBinary;

/** A {@code $value} response: the bytes or a 304, with the caching headers of CONTRACT section 5. */
final class PhotoBytes {

    private PhotoBytes() {
    }

    static Response of(PhotoBinary binary, int maxAgeSeconds) {
        Response.ResponseBuilder response = binary.notModified()
                ? Response.notModified()
                : Response.ok(binary.bytes(), "image/jpeg").header(HttpHeaders.CONTENT_LENGTH, binary.bytes().length);
        return response
                .header(HttpHeaders.ETAG, binary.etag())
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=" + maxAgeSeconds)
                .header(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION)
                .build();
    }
}
