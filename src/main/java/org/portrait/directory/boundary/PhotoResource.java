package org.portrait.directory.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.Optional;
import org.portrait.access.control.Access;
import org.portrait.access.control.Operation;
import org.portrait.graph.boundary.GraphBase;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.links.boundary.PhotoLinkJson;
import org.portrait.links.control.PhotoLinks;
import org.portrait.metrics.control.PortraitMetrics;
import org.portrait.owners.control.ResolvedOwner;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.photos.boundary.PhotoJson;
import org.portrait.photos.control.ProfilePhotos;
import org.portrait.photos.entity.PhotoSize;
import org.portrait.security.control.Caller;

/** {@code P/photo}: the largest photo's metadata and bytes, upload and delete. */
@Dependent
public class PhotoResource {

    @Inject
    Caller caller;

    @Inject
    Access access;

    @Inject
    ProfilePhotos photos;

    @Inject
    PhotoValueResponses values;

    @Inject
    PortraitMetrics metrics;

    @Inject
    PhotoLinks links;

    private OwnerPath path;

    PhotoResource of(OwnerPath path) {
        this.path = path;
        return this;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response metadata(@Context UriInfo uri) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        ResolvedOwner owner = access.owner(caller, path, Operation.READ_PHOTO_METADATA);
        return Response.ok(query.apply(PhotoJson.photo(GraphBase.of(uri), path, photos.photo(owner)), PhotoJson.KEPT_ON_SELECT)).build();
    }

    @GET
    @Path("$value")
    public Response value(@Context UriInfo uri, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return value(uri, Optional.empty(), ifNoneMatch);
    }

    /** Graph's v1.0 page spells a size's bytes this way too. */
    @GET
    @Path("{size}/$value")
    public Response sizedValue(@Context UriInfo uri, @PathParam("size") String size,
                               @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return value(uri, Optional.of(PhotoSize.parse(size)), ifNoneMatch);
    }

    /** A signed link to the largest photo's bytes, for {@code <img src>} (docs/api.md §12). */
    @GET
    @Path("link")
    @Produces(MediaType.APPLICATION_JSON)
    public Response link(@Context UriInfo uri) {
        ODataQuery.of(uri.getQueryParameters());
        ResolvedOwner owner = access.owner(caller, path, Operation.READ_PHOTO_VALUE);
        return Response.ok(PhotoLinkJson.of(uri, links.create(owner, Optional.empty()))).build();
    }

    /**
     * The raw image bytes. JSON and plain text are taken too when the bytes are an image: the Graph
     * JavaScript client declares JSON when its caller sets no type (docs/api.md §4).
     */
    @PUT
    @Path("$value")
    @Consumes({"image/*", MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response upload(@HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                           @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type, InputStream body) {
        boolean declaredAsImage = type == null || type.getType().equalsIgnoreCase("image")
                || type.isCompatible(MediaType.APPLICATION_OCTET_STREAM_TYPE);
        metrics.upload(() -> photos.upload(access.owner(caller, path, Operation.WRITE_PHOTO),
                length == null ? -1 : length, declaredAsImage, body));
        return Response.ok().build();
    }

    @PATCH
    @Path("$value")
    @Consumes({"image/*", MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN})
    public Response uploadByPatch(@HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
                                  @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type, InputStream body) {
        return upload(length, type, body);
    }

    @DELETE
    @Path("$value")
    public Response deleteValue() {
        return delete();
    }

    @DELETE
    public Response delete() {
        photos.delete(access.owner(caller, path, Operation.WRITE_PHOTO));
        return Response.noContent().build();
    }

    private Response value(UriInfo uri, Optional<PhotoSize> size, String ifNoneMatch) {
        ODataQuery.of(uri.getQueryParameters());
        ResolvedOwner owner = access.owner(caller, path, Operation.READ_PHOTO_VALUE);
        return values.of(photos.binary(owner, size, ifNoneMatch));
    }
}
