package org.portrait.directory.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ResourceContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.portrait.access.control.Access;
import org.portrait.access.control.Operation;
import org.portrait.graph.boundary.GraphBase;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.boundary.OwnerDrafts;
import org.portrait.owners.boundary.OwnerJson;
import org.portrait.owners.control.OwnerDraft;
import org.portrait.owners.control.Owners;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.security.control.Caller;

/** One owner below a collection (a group or team, a contact): read, update, delete, and its photo. */
@Dependent
@Produces(MediaType.APPLICATION_JSON)
public class OwnerResource {

    @Inject
    Caller caller;

    @Inject
    Access access;

    @Inject
    Owners owners;

    @Context
    ResourceContext resources;

    private OwnerPath path;
    private String entitySet;

    OwnerResource of(OwnerPath path, String entitySet) {
        this.path = path;
        this.entitySet = entitySet;
        return this;
    }

    @GET
    public Response get(@Context UriInfo uri) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        Owner found = access.owner(caller, path, Operation.READ_OBJECT).owner();
        return Response.ok(OwnerJson.entity(GraphBase.of(uri) + "/$metadata#" + entitySet, found, query)).build();
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(InputStream body) {
        OwnerDraft changes = OwnerDrafts.read(body);
        owners.update(access.owner(caller, path, changes.renames() ? Operation.ADMINISTER_OBJECT : Operation.WRITE_OBJECT).owner(), changes);
        return Response.noContent().build();
    }

    @DELETE
    public Response delete() {
        owners.delete(access.owner(caller, path, Operation.ADMINISTER_OBJECT).owner());
        return Response.noContent().build();
    }

    @Path("photo")
    public PhotoResource photo() {
        return resources.getResource(PhotoResource.class).of(path);
    }

    @Path("photos")
    public PhotosResource photos() {
        return resources.getResource(PhotosResource.class).of(path);
    }
}
