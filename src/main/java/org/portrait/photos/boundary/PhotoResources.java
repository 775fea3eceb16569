package org.portrait.photos.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.metrics.control.PortraitMetrics;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.photos.control.PhotoBinary;
import org.portrait.photos.control.ProfilePhotos;
import org.portrait.photos.entity.PhotoSize;
import org.portrait.security.boundary.Callers;

/** Builds the photo sub-resources for an owner path; they are plain objects, so they get their beans from here. */
@RequestScoped
public class PhotoResources {

    @Inject
    Callers callers;

    @Inject
    ProfilePhotos photos;

    @Inject
    PortraitMetrics metrics;

    /** Seconds a client may reuse photo bytes before revalidating them with If-None-Match. */
    @Inject
    @ConfigProperty(name = "portrait.cache.max-age", defaultValue = "300")
    int cacheMaxAge;

    public PhotoResource photo(OwnerPath owner) {
        return new PhotoResource(owner, this);
    }

    public PhotosResource photos(OwnerPath owner) {
        return new PhotosResource(owner, this);
    }

    /** Every {@code $value} form: the bytes or a 304, with the caching headers of CONTRACT section 5. */
    Response bytes(OwnerPath owner, UriInfo uri, Optional<PhotoSize> size, String ifNoneMatch) {
        ODataQuery.of(uri.getQueryParameters());
        PhotoBinary binary = photos.binary(callers.current(), owner, size, ifNoneMatch);
        if (!binary.notModified()) {
            metrics.served(binary.bytes().length);
        }
        Response.ResponseBuilder response = binary.notModified()
                ? Response.notModified()
                : Response.ok(binary.bytes(), "image/jpeg").header(HttpHeaders.CONTENT_LENGTH, binary.bytes().length);
        return response
                .header(HttpHeaders.ETAG, binary.etag())
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=" + cacheMaxAge)
                .header(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION)
                .build();
    }
}
