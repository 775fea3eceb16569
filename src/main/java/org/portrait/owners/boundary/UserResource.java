package org.portrait.owners.boundary;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.util.List;
import org.portrait.graph.boundary.GraphBase;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;
import org.portrait.owners.entity.OwnerPath.ContactPath;
import org.portrait.owners.entity.OwnerPath.FolderPath;
import org.portrait.owners.entity.OwnerPath.UserPath;
import org.portrait.owners.entity.UserSelector;
import org.portrait.photos.boundary.PhotoResource;
import org.portrait.photos.boundary.PhotosResource;
import org.portrait.security.control.Operation;

/** {@code me} or {@code users/{id or userPrincipalName}}: the user, its photo, contacts and contact folders. */
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {

    private final UserSelector user;
    private final DirectoryResource root;

    UserResource(UserSelector user, DirectoryResource root) {
        this.user = user;
        this.root = root;
    }

    @GET
    public Response get(@Context UriInfo uri) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        Owner found = root.owners.resolve(root.callers.current(), new UserPath(user), Operation.READ_OBJECT).owner();
        return Response.ok(OwnerJson.entity(GraphBase.of(uri) + "/$metadata#users", found, query)).build();
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    public Response update(InputStream body) {
        root.owners.update(root.callers.current(), new UserPath(user), OwnerDrafts.read(body));
        return Response.noContent().build();
    }

    @DELETE
    public Response delete() {
        if (user.me()) {
            throw new NotAllowedException("GET", new String[] {"PATCH"});
        }
        root.owners.delete(root.callers.current(), new UserPath(user));
        return Response.noContent().build();
    }

    @Path("photo")
    public PhotoResource photo() {
        return root.photos.photo(new UserPath(user));
    }

    @Path("photos")
    public PhotosResource photos() {
        return root.photos.photos(new UserPath(user));
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
        return new OwnerResource(new ContactPath(user, null, contact), root, "contacts");
    }

    @GET
    @Path("contactFolders")
    public Response folders(@Context UriInfo uri) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        List<Owner> folders = root.owners.folders(root.callers.current(), user);
        return Response.ok(OwnerJson.collection(GraphBase.of(uri) + "/$metadata#contactFolders", OwnerKind.CONTACT_FOLDER, folders, query)).build();
    }

    @POST
    @Path("contactFolders")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response createFolder(@Context UriInfo uri, InputStream body) {
        Owner folder = root.owners.createFolder(root.callers.current(), user, OwnerDrafts.read(body));
        return DirectoryResource.created(uri, "contactFolders", folder);
    }

    @GET
    @Path("contactFolders/{folder}")
    public Response folder(@Context UriInfo uri, @PathParam("folder") String folder) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        Owner found = root.owners.resolve(root.callers.current(), new FolderPath(user, folder), Operation.READ_OBJECT).owner();
        return Response.ok(OwnerJson.entity(GraphBase.of(uri) + "/$metadata#contactFolders", found, query)).build();
    }

    @DELETE
    @Path("contactFolders/{folder}")
    public Response deleteFolder(@PathParam("folder") String folder) {
        root.owners.delete(root.callers.current(), new FolderPath(user, folder));
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
        return new OwnerResource(new ContactPath(user, folder, contact), root, "contacts");
    }

    private Response contactsIn(UriInfo uri, String folder) {
        ODataQuery query = ODataQuery.of(uri.getQueryParameters());
        List<Owner> contacts = root.owners.contacts(root.callers.current(), user, folder);
        return Response.ok(OwnerJson.collection(GraphBase.of(uri) + "/$metadata#contacts", OwnerKind.CONTACT, contacts, query)).build();
    }

    private Response createContactIn(UriInfo uri, String folder, InputStream body) {
        Owner contact = root.owners.createContact(root.callers.current(), user, folder, OwnerDrafts.read(body));
        return DirectoryResource.created(uri, "contacts", contact);
    }
}
