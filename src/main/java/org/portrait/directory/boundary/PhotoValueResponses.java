package org.portrait.directory.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portrait.metrics.control.PortraitMetrics;
import org.portrait.photos.control.PhotoBinary;

/** Every {@code $value} answer: the bytes or a 304, with the caching headers of docs/api.md §5. */
@ApplicationScoped
class PhotoValueResponses {

    @Inject
    PortraitMetrics metrics;

    /** Seconds a client may reuse photo bytes before revalidating them with If-None-Match. */
    @Inject
    @ConfigProperty(name = "portrait.cache.max-age", defaultValue = "300")
    int cacheMaxAge;

    Response of(PhotoBinary binary) {
        Response.ResponseBuilder response;
        if (binary.notModified()) {
            response = Response.notModified();
        } else {
            metrics.served(binary.bytes().length);
            response = Response.ok(binary.bytes(), "image/jpeg").header(HttpHeaders.CONTENT_LENGTH, binary.bytes().length);
        }
        return response
                .header(HttpHeaders.ETAG, binary.etag())
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=" + cacheMaxAge)
                .header(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION)
                .build();
    }
}
