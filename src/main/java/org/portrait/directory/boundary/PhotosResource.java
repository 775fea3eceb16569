package org.portrait.directory.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;
import org.portrait.access.control.Access;
import org.portrait.access.control.Operation;
import org.portrait.graph.boundary.GraphBase;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.links.boundary.PhotoLinkJson;
import org.portrait.links.control.PhotoLinks;
import org.portrait.owners.control.ResolvedOwner;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.photos.boundary.PhotoJson;
import org.portrait.photos.control.ProfilePhotos;
import org.portrait.photos.entity.PhotoSize;
import org.portrait.security.control.Caller;

/** {@code P/photos}: the list of available sizes, one size's metadata and its bytes. */
@Dependent
public class PhotosResource {

    @Inject
    Caller caller;

    @Inject
    Access access;

    @Inject
    ProfilePhotos photos;

    @Inject
    PhotoValueResponses values;

    @Inject
    PhotoLinks links;

    private OwnerPath path;

    PhotosResource of(OwnerPath path) {
        this.path = path;
        return this;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@Context UriInfo uri) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        ResolvedOwner owner = access.owner(caller, path, Operation.READ_PHOTO_METADATA);
        return Response.ok(PhotoJson.list(GraphBase.of(uri), path, owner, photos.photos(owner), query)).build();
    }

    @GET
    @Path("{size}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response size(@Context UriInfo uri, @PathParam("size") String size) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        PhotoSize parsed = PhotoSize.parse(size);
        ResolvedOwner owner = access.owner(caller, path, Operation.READ_PHOTO_METADATA);
        return Response.ok(query.apply(PhotoJson.sized(GraphBase.of(uri), path, photos.photo(owner, parsed)), PhotoJson.KEPT_ON_SELECT)).build();
    }

    /** A signed link to one size's bytes (docs/api.md §12). */
    @GET
    @Path("{size}/link")
    @Produces(MediaType.APPLICATION_JSON)
    public Response link(@Context UriInfo uri, @PathParam("size") String size) {
        ODataQuery.of(uri.getQueryParameters());
        PhotoSize parsed = PhotoSize.parse(size);
        ResolvedOwner owner = access.owner(caller, path, Operation.READ_PHOTO_VALUE);
        return Response.ok(PhotoLinkJson.of(uri, links.create(owner, Optional.of(parsed)))).build();
    }

    @GET
    @Path("{size}/$value")
    public Response value(@Context UriInfo uri, @PathParam("size") String size,
                          @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        ODataQuery.of(uri.getQueryParameters());
        Optional<PhotoSize> parsed = Optional.of(PhotoSize.parse(size));
        ResolvedOwner owner = access.owner(caller, path, Operation.READ_PHOTO_VALUE);
        return values.of(photos.binary(owner, parsed, ifNoneMatch));
    }
}
