package org.portrait.owners.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import org.portrait.graph.boundary.GraphBase;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.control.Owners;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;
import org.portrait.owners.entity.OwnerPath.GroupPath;
import org.portrait.owners.entity.UserSelector;
import org.portrait.photos.boundary.PhotoResources;
import org.portrait.security.boundary.Callers;

/** The service root of {@code /v1.0} and {@code /beta}: user and group collections, and every owner path below them. */
@RequestScoped
@Path("{version: v1\\.0|beta}")
@Produces(MediaType.APPLICATION_JSON)
public class DirectoryResource {

    @Inject
    Callers callers;

    @Inject
    Owners owners;

    @Inject
    PhotoResources photos;

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

    @Path("me")
    public UserResource me() {
        return new UserResource(UserSelector.ME, this);
    }

    @Path("users/{user}")
    public UserResource user(@PathParam("user") String user) {
        return new UserResource(UserSelector.of(user), this);
    }

    @Path("groups/{group}")
    public OwnerResource group(@PathParam("group") String group) {
        return new OwnerResource(new GroupPath(group, false), this, "groups");
    }

    /** A team's photo is its group's photo. */
    @Path("teams/{team}")
    public OwnerResource team(@PathParam("team") String team) {
        return new OwnerResource(new GroupPath(team, true), this, "groups");
    }

    private Response list(UriInfo uri, OwnerKind kind, String set) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        var found = owners.list(callers.current(), kind);
        return Response.ok(OwnerJson.collection(GraphBase.of(uri) + "/$metadata#" + set, kind, found, query)).build();
    }

    private Response create(UriInfo uri, OwnerKind kind, String set, InputStream body) {
        Owner created = owners.create(callers.current(), kind, OwnerDrafts.read(body));
        return created(uri, set, created);
    }

    static Response created(UriInfo uri, String set, Owner created) {
        return Response.status(Response.Status.CREATED)
                .entity(OwnerJson.entity(GraphBase.of(uri) + "/$metadata#" + set, created, ODataQuery.of(uri.getQueryParameters())))
                .build();
    }
}
