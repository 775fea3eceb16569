package org.portrait.photos.boundary;

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
import org.portrait.graph.boundary.GraphBase;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.photos.entity.PhotoSize;

/** {@code P/photos}: the list of available sizes, one size's metadata and its bytes. */
public class PhotosResource {

    private final OwnerPath owner;
    private final PhotoResources beans;

    PhotosResource(OwnerPath owner, PhotoResources beans) {
        this.owner = owner;
        this.beans = beans;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@Context UriInfo uri) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        var list = beans.photos.photos(beans.callers.current(), owner);
        return Response.ok(PhotoJson.list(GraphBase.of(uri), owner, list.owner(), list.photos(), query)).build();
    }

    @GET
    @Path("{size}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response size(@Context UriInfo uri, @PathParam("size") String size) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        PhotoSize parsed = PhotoSize.parse(size);
        var photo = beans.photos.photo(beans.callers.current(), owner, parsed);
        return Response.ok(query.apply(PhotoJson.sized(GraphBase.of(uri), owner, photo), PhotoJson.KEPT_ON_SELECT)).build();
    }

    @GET
    @Path("{size}/$value")
    public Response value(@Context UriInfo uri, @PathParam("size") String size,
                          @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return beans.bytes(owner, uri, Optional.of(PhotoSize.parse(size)), ifNoneMatch);
    }
}
