package org.portrait.directory.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portrait.metrics.control.PortraitMetrics;
import org.portrait.photos.control.PhotoBinary;

/**
 * Every {@code $value} answer: the bytes or a 304, with the caching headers of docs/api.md §5,
 * written the same whether JAX-RS or the fast path ({@link PhotoValueFastPath}) answers. Public, with
 * public methods: Weld's client proxy calls a package-private method by reflection, on every read
 * (docs/performance.md).
 */
@ApplicationScoped
public class PhotoValueResponses {

    static final String JPEG = "image/jpeg";

    @Inject
    PortraitMetrics metrics;

    /** Seconds a client may reuse photo bytes before revalidating them with If-None-Match. */
    @Inject
    @ConfigProperty(name = "portrait.cache.max-age", defaultValue = "300")
    int cacheMaxAge;

    private String cacheControl;

    private String cacheControl() {
        if (cacheControl == null) {
            cacheControl = "private, max-age=" + cacheMaxAge;
        }
        return cacheControl;
    }

    public Response of(PhotoBinary binary) {
        Response.ResponseBuilder response;
        if (binary.notModified()) {
            response = Response.notModified();
        } else {
            metrics.served(binary.bytes().length);
            response = Response.ok(binary.bytes(), JPEG).header(HttpHeaders.CONTENT_LENGTH, binary.bytes().length);
        }
        return response
                .header(HttpHeaders.ETAG, binary.etag())
                .header(HttpHeaders.CACHE_CONTROL, cacheControl())
                .header(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION)
                .build();
    }

    public void write(PhotoBinary binary, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.ETAG, binary.etag());
        response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl());
        response.setHeader(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION);
        if (binary.notModified()) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        metrics.served(binary.bytes().length);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(JPEG);
        response.setContentLength(binary.bytes().length);
        response.getOutputStream().write(binary.bytes());
    }
}
