package org.portrait.photos.boundary;

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
import org.portrait.graph.boundary.GraphBase;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.photos.entity.PhotoSize;

/** {@code P/photo}: the largest photo's metadata and bytes, upload and delete. */
public class PhotoResource {

    private final OwnerPath owner;
    private final PhotoResources beans;

    PhotoResource(OwnerPath owner, PhotoResources beans) {
        this.owner = owner;
        this.beans = beans;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response metadata(@Context UriInfo uri) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        var photo = beans.photos.photo(beans.callers.current(), owner);
        return Response.ok(query.apply(PhotoJson.photo(GraphBase.of(uri), owner, photo), PhotoJson.KEPT_ON_SELECT)).build();
    }

    @GET
    @Path("$value")
    public Response value(@Context UriInfo uri, @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return beans.bytes(owner, uri, Optional.empty(), ifNoneMatch);
    }

    /** Graph's v1.0 page spells a size's bytes this way too. */
    @GET
    @Path("{size}/$value")
    public Response sizedValue(@Context UriInfo uri, @PathParam("size") String size,
                               @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        return beans.bytes(owner, uri, Optional.of(PhotoSize.parse(size)), ifNoneMatch);
    }

    @PUT
    @Path("$value")
    @Consumes({"image/*", MediaType.APPLICATION_OCTET_STREAM})
    public Response upload(@HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        beans.photos.upload(beans.callers.current(), owner, length == null ? -1 : length, body);
        return Response.ok().build();
    }

    @PATCH
    @Path("$value")
    @Consumes({"image/*", MediaType.APPLICATION_OCTET_STREAM})
    public Response uploadByPatch(@HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length, InputStream body) {
        return upload(length, body);
    }

    @DELETE
    @Path("$value")
    public Response deleteValue() {
        return delete();
    }

    @DELETE
    public Response delete() {
        beans.photos.delete(beans.callers.current(), owner);
        return Response.noContent().build();
    }
}
