package org.portrait.links.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.portrait.links.control.PhotoLinks;
import org.portrait.links.control.PhotoLinks.LinkedPhoto;
import org.portrait.metrics.control.PortraitMetrics;
import org.portrait.photos.control.PhotoBinary;

/**
 * {@code GET /photo-links/{link}}: the bytes a signed link names, without a token (docs/api.md §12).
 * Outside the Graph version roots, so the authentication filter leaves it alone; the link's MAC is
 * its only credential. The bytes behind a link never change, so any cache may keep them until the
 * link expires.
 */
@RequestScoped
@Path(PhotoLinkResource.ROOT)
public class PhotoLinkResource {

    static final String ROOT = "photo-links";

    @Inject
    PhotoLinks links;

    @Inject
    PortraitMetrics metrics;

    @GET
    @Path("{link}")
    public Response get(@PathParam("link") String link, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        LinkedPhoto linked = links.resolve(link, ifNoneMatch);
        PhotoBinary binary = linked.binary();
        Response.ResponseBuilder response;
        if (binary.notModified()) {
            response = Response.notModified();
        } else {
            metrics.served(binary.bytes().length);
            response = Response.ok(binary.bytes(), "image/jpeg").header(HttpHeaders.CONTENT_LENGTH, binary.bytes().length);
        }
        return response
                .header(HttpHeaders.ETAG, binary.etag())
                .header(HttpHeaders.CACHE_CONTROL, "public, max-age=" + linked.secondsLeft() + ", immutable")
                .build();
    }

    /** The absolute URL of a link, at the application's root as this request reached it. */
    static String url(UriInfo uri, String token) {
        String root = uri.getBaseUri().toString();
        return root + (root.endsWith("/") ? "" : "/") + ROOT + "/" + token;
    }
}
