package org.portrait.directory.boundary;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.PATCH;
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
import java.util.List;
import org.portrait.access.control.Access;
import org.portrait.access.control.Operation;
import org.portrait.graph.boundary.GraphBase;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.boundary.OwnerDrafts;
import org.portrait.owners.boundary.OwnerJson;
import org.portrait.owners.control.OwnerDraft;
import org.portrait.owners.control.Owners;
import org.portrait.owners.control.ResolvedOwner;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;
import org.portrait.owners.entity.OwnerPath.ContactPath;
import org.portrait.owners.entity.OwnerPath.FolderPath;
import org.portrait.owners.entity.OwnerPath.UserPath;
import org.portrait.owners.entity.UserSelector;
import org.portrait.security.control.Caller;

/** {@code me} or {@code users/{id or userPrincipalName}}: the user, its photo, contacts and contact folders. */
@Dependent
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    @Inject
    Caller caller;

    @Inject
    Access access;

    @Inject
    Owners owners;

    @Context
    ResourceContext resources;

    private UserSelector user;

    UserResource of(UserSelector user) {
        this.user = user;
        return this;
    }

    @GET
    public Response get(@Context UriInfo uri) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        Owner found = access.owner(caller, new UserPath(user), Operation.READ_OBJECT).owner();
        return Response.ok(OwnerJson.entity(GraphBase.of(uri) + "/$metadata#users", found, query)).build();
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(InputStream body) {
        OwnerDraft changes = OwnerDrafts.read(body);
        Operation operation = changes.renames() ? Operation.ADMINISTER_OBJECT : Operation.WRITE_OBJECT;
        owners.update(access.owner(caller, new UserPath(user), operation).owner(), changes);
        return Response.noContent().build();
    }

    @DELETE
    public Response delete() {
        if (user.me()) {
            throw new NotAllowedException("GET", new String[] {"PATCH"});
        }
        owners.delete(access.owner(caller, new UserPath(user), Operation.ADMINISTER_OBJECT).owner());
        return Response.noContent().build();
    }

    @Path("photo")
    public PhotoResource photo() {
        return resources.getResource(PhotoResource.class).of(new UserPath(user));
    }

    @Path("photos")
    public PhotosResource photos() {
        return resources.getResource(PhotosResource.class).of(new UserPath(user));
    }

    @GET
    @Path("contacts")
    public Response contacts(@Context UriInfo uri) {
        return contactsIn(uri, null);
    }

    @POST
    @Path("contacts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createContact(@Context UriInfo uri, InputStream body) {
        return createContactIn(uri, null, body);
    }

    @Path("contacts/{contact}")
    public OwnerResource contact(@PathParam("contact") String contact) {
        return resources.getResource(OwnerResource.class).of(new ContactPath(user, null, contact), "contacts");
    }

    @GET
    @Path("contactFolders")
    public Response folders(@Context UriInfo uri) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        List<Owner> folders = owners.folders(access.owner(caller, new FolderPath(user, null), Operation.READ_OBJECT));
        return Response.ok(OwnerJson.collection(GraphBase.of(uri) + "/$metadata#contactFolders", OwnerKind.CONTACT_FOLDER, folders, query)).build();
    }

    @POST
    @Path("contactFolders")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createFolder(@Context UriInfo uri, InputStream body) {
        OwnerDraft draft = OwnerDrafts.read(body);
        Owner folder = owners.createFolder(access.owner(caller, new FolderPath(user, null), Operation.WRITE_OBJECT), draft);
        return GraphRootResource.created(uri, "contactFolders", folder);
    }

    @GET
    @Path("contactFolders/{folder}")
    public Response folder(@Context UriInfo uri, @PathParam("folder") String folder) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        Owner found = access.owner(caller, new FolderPath(user, folder), Operation.READ_OBJECT).owner();
        return Response.ok(OwnerJson.entity(GraphBase.of(uri) + "/$metadata#contactFolders", found, query)).build();
    }

    @DELETE
    @Path("contactFolders/{folder}")
    public Response deleteFolder(@PathParam("folder") String folder) {
        owners.delete(access.owner(caller, new FolderPath(user, folder), Operation.ADMINISTER_OBJECT).owner());
        return Response.noContent().build();
    }

    @GET
    @Path("contactFolders/{folder}/contacts")
    public Response folderContacts(@Context UriInfo uri, @PathParam("folder") String folder) {
        return contactsIn(uri, folder);
    }

    @POST
    @Path("contactFolders/{folder}/contacts")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createFolderContact(@Context UriInfo uri, @PathParam("folder") String folder, InputStream body) {
        return createContactIn(uri, folder, body);
    }

    @Path("contactFolders/{folder}/contacts/{contact}")
    public OwnerResource folderContact(@PathParam("folder") String folder, @PathParam("contact") String contact) {
        return resources.getResource(OwnerResource.class).of(new ContactPath(user, folder, contact), "contacts");
    }

    private Response contactsIn(UriInfo uri, String folder) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        List<Owner> contacts = owners.contacts(access.owner(caller, new FolderPath(user, folder), Operation.READ_OBJECT));
        return Response.ok(OwnerJson.collection(GraphBase.of(uri) + "/$metadata#contacts", OwnerKind.CONTACT, contacts, query)).build();
    }

    private Response createContactIn(UriInfo uri, String folder, InputStream body) {
        OwnerDraft draft = OwnerDrafts.read(body);
        ResolvedOwner container = access.owner(caller, new FolderPath(user, folder), Operation.WRITE_OBJECT);
        return GraphRootResource.created(uri, "contacts", owners.createContact(container, draft));
    }
}
