package org.portrait.owners.boundary;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.portrait.graph.boundary.GraphBase;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.photos.boundary.PhotoResource;
import org.portrait.photos.boundary.PhotosResource;
import org.portrait.security.control.Operation;

/** One owner below a collection (a contact, a group or team): read, update, delete and its photo. */
@Produces(MediaType.APPLICATION_JSON)
public class OwnerResource {

    private final OwnerPath path;
    private final DirectoryResource root;
    private final String entitySet;

    OwnerResource(OwnerPath path, DirectoryResource root, String entitySet) {
        this.path = path;
        this.root = root;
        this.entitySet = entitySet;
    }

    @GET
    public Response get(@Context UriInfo uri) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        Owner found = root.owners.resolve(root.callers.current(), path, Operation.READ_OBJECT).owner();
        return Response.ok(OwnerJson.entity(GraphBase.of(uri) + "/$metadata#" + entitySet, found, query)).build();
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(InputStream body) {
        root.owners.update(root.callers.current(), path, OwnerDrafts.read(body));
        return Response.noContent().build();
    }

    @DELETE
    public Response delete() {
        root.owners.delete(root.callers.current(), path);
        return Response.noContent().build();
    }

    @Path("photo")
    public PhotoResource photo() {
        return root.photos.photo(path);
    }

    @Path("photos")
    public PhotosResource photos() {
        return root.photos.photos(path);
    }
}
