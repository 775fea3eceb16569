package org.portrait.directory.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ResourceContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.portrait.access.control.Access;
import org.portrait.access.control.Operation;
import org.portrait.changes.boundary.DeltaResponses;
import org.portrait.graph.boundary.GraphBase;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.boundary.OwnerDrafts;
import org.portrait.owners.boundary.OwnerJson;
import org.portrait.owners.control.Owners;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;
import org.portrait.owners.entity.OwnerPath.GroupPath;
import org.portrait.owners.entity.UserSelector;
import org.portrait.security.control.Caller;

/**
 * The service root of {@code /v1.0} and {@code /beta} (docs/api.md §1): the user and group
 * collections, and the owners below them, whose resources the runtime makes.
 */
@RequestScoped
@Path("{version: v1\\.0|beta}")
@Produces(MediaType.APPLICATION_JSON)
public class GraphRootResource {

    @Inject
    Caller caller;

    @Inject
    Access access;

    @Inject
    Owners owners;

    @Inject
    DeltaResponses deltas;

    @Context
    ResourceContext resources;

    @GET
    @Path("users")
    public Response users(@Context UriInfo uri) {
        return list(uri, OwnerKind.USER, "users");
    }

    @POST
    @Path("users")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createUser(@Context UriInfo uri, InputStream body) {
        return create(uri, OwnerKind.USER, "users", body);
    }

    @GET
    @Path("groups")
    public Response groups(@Context UriInfo uri) {
        return list(uri, OwnerKind.GROUP, "groups");
    }

    @POST
    @Path("groups")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createGroup(@Context UriInfo uri, InputStream body) {
        return create(uri, OwnerKind.GROUP, "groups", body);
    }

    /** Users whose photo or directory entry changed (docs/api.md §13). */
    @GET
    @Path("users/delta")
    public Response usersDelta(@Context UriInfo uri) {
        return delta(uri, OwnerKind.USER, "users");
    }

    @GET
    @Path("groups/delta")
    public Response groupsDelta(@Context UriInfo uri) {
        return delta(uri, OwnerKind.GROUP, "groups");
    }

    @Path("me")
    public UserResource me() {
        return resources.getResource(UserResource.class).of(UserSelector.ME);
    }

    @Path("users/{user}")
    public UserResource user(@PathParam("user") String user) {
        return resources.getResource(UserResource.class).of(UserSelector.of(user));
    }

    @Path("groups/{group}")
    public OwnerResource group(@PathParam("group") String group) {
        return resources.getResource(OwnerResource.class).of(new GroupPath(group, false), "groups");
    }

    /** A team's photo is its group's photo. */
    @Path("teams/{team}")
    public OwnerResource team(@PathParam("team") String team) {
        return resources.getResource(OwnerResource.class).of(new GroupPath(team, true), "groups");
    }

    private Response list(UriInfo uri, OwnerKind kind, String set) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        access.collection(caller, kind, Operation.READ_OBJECT);
        var found = owners.list(caller.tenantId(), kind);
        return Response.ok(OwnerJson.collection(GraphBase.of(uri) + "/$metadata#" + set, kind, found, query)).build();
    }

    private Response delta(UriInfo uri, OwnerKind kind, String set) {
        access.collection(caller, kind, Operation.READ_PHOTO_METADATA);
        return Response.ok(deltas.page(uri, caller.tenantId(), kind, set)).build();
    }

    private Response create(UriInfo uri, OwnerKind kind, String set, InputStream body) {
        access.collection(caller, kind, Operation.WRITE_OBJECT);
        Owner created = owners.create(caller.tenantId(), kind, OwnerDrafts.read(body));
        return created(uri, set, created);
    }

    /** 201 with the new object, as Graph answers a POST to a collection. */
    static Response created(UriInfo uri, String set, Owner created) {
        return Response.status(Response.Status.CREATED)
                .entity(OwnerJson.entity(GraphBase.of(uri) + "/$metadata#" + set, created, ODataQuery.of(uri.getQueryParameters())))
                .build();
    }
}
