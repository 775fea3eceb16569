package org.portrait.openapi.boundary;

import static org.portrait.access.control.Operation.ADMINISTER_OBJECT;
import static org.portrait.access.control.Operation.READ_OBJECT;
import static org.portrait.access.control.Operation.READ_PHOTO_METADATA;
import static org.portrait.access.control.Operation.READ_PHOTO_VALUE;
import static org.portrait.access.control.Operation.WRITE_OBJECT;
import static org.portrait.access.control.Operation.WRITE_PHOTO;

import static org.eclipse.microprofile.openapi.OASFactory.createAPIResponse;
import static org.eclipse.microprofile.openapi.OASFactory.createAPIResponses;
import static org.eclipse.microprofile.openapi.OASFactory.createComponents;
import static org.eclipse.microprofile.openapi.OASFactory.createContent;
import static org.eclipse.microprofile.openapi.OASFactory.createHeader;
import static org.eclipse.microprofile.openapi.OASFactory.createInfo;
import static org.eclipse.microprofile.openapi.OASFactory.createMediaType;
import static org.eclipse.microprofile.openapi.OASFactory.createOpenAPI;
import static org.eclipse.microprofile.openapi.OASFactory.createOperation;
import static org.eclipse.microprofile.openapi.OASFactory.createParameter;
import static org.eclipse.microprofile.openapi.OASFactory.createPathItem;
import static org.eclipse.microprofile.openapi.OASFactory.createPaths;
import static org.eclipse.microprofile.openapi.OASFactory.createRequestBody;
import static org.eclipse.microprofile.openapi.OASFactory.createSchema;
import static org.eclipse.microprofile.openapi.OASFactory.createSecurityRequirement;
import static org.eclipse.microprofile.openapi.OASFactory.createSecurityScheme;
import static org.eclipse.microprofile.openapi.OASFactory.createServer;
import static org.eclipse.microprofile.openapi.OASFactory.createTag;
import static org.portrait.openapi.boundary.SchemaTypes.typed;

import java.util.ArrayList;
import java.util.List;
import org.portrait.access.control.PermissionPolicy;
import org.portrait.access.control.Target;
import org.eclipse.microprofile.openapi.OASModelReader;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.Paths;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Portrait's API as OpenAPI 3 (docs/api.md): every owner path with every photo operation, the owner
 * collections, health, the Graph error JSON and every status. Read by the runtime through
 * {@code mp.openapi.model.reader}; scanning is off ({@code mp.openapi.scan.disable}), so this is the
 * whole document.
 */
public class ApiModel implements OASModelReader {

    static final String BEARER = "bearer";

    /** The table enforced on every request: the permission text below is written from it. */
    static final PermissionPolicy PERMISSIONS = new PermissionPolicy();

    /** An owner path below {@code /{version}}, and whose photo it is to the caller (which row of the table applies). */
    record Owner(String key, String path, String tag, Target target, String note) {
    }

    /** Every owner path of docs/api.md §1. */
    static final List<Owner> OWNERS = List.of(
            new Owner("Me", "/me", "me", Target.SELF, "An application token gets 400 on /me."),
            new Owner("User", "/users/{user}", "users", Target.OTHER_USER,
                    "One's own id or userPrincipalName counts as /me."),
            new Owner("Group", "/groups/{group}", "groups", Target.GROUP, ""),
            new Owner("Team", "/teams/{team}", "groups", Target.TEAM, ""),
            new Owner("MyContact", "/me/contacts/{contact}", "contacts", Target.OWN_CONTACT, ""),
            new Owner("UserContact", "/users/{user}/contacts/{contact}", "contacts", Target.OTHER_USERS_CONTACT,
                    "Contacts of one's own user count as /me/contacts."),
            new Owner("MyFolderContact", "/me/contactFolders/{folder}/contacts/{contact}", "contacts",
                    Target.OWN_CONTACT, ""),
            new Owner("UserFolderContact", "/users/{user}/contactFolders/{folder}/contacts/{contact}", "contacts",
                    Target.OTHER_USERS_CONTACT, "Contacts of one's own user count as /me/contactFolders."));

    /** "Permissions: …" for an operation on a target, from the enforced table, with an optional note. */
    static String permissions(org.portrait.access.control.Operation operation, Target target, String note) {
        return ("Permissions: " + PERMISSIONS.describe(operation, target) + " " + note).trim();
    }

    @Override
    public OpenAPI buildModel() {
        Paths paths = createPaths();
        for (Owner owner : OWNERS) {
            photoPaths(paths, owner);
        }
        ownerPaths(paths);
        linkAndFeedPaths(paths);
        healthPaths(paths);
        return createOpenAPI()
                .openapi("3.0.3")
                .info(createInfo()
                        .title("Portrait")
                        .version("1.0")
                        .description("A self-hosted, Microsoft Graph-compatible profile photo service. Everything "
                                + "under /{version} answers identically under /v1.0 and /beta: a Graph client sets its "
                                + "base URL to http://host:port/v1.0. Path keywords are case-insensitive and path "
                                + "segments percent-decoded. Any method not listed for a path (including OPTIONS) "
                                + "is a 405 MethodNotAllowed. Every answer carries a fresh request-id header and "
                                + "echoes client-request-id; every error is Graph error JSON (GraphError)."))
                .servers(List.of(createServer().url("/").description("This server")))
                .tags(List.of(
                        createTag().name("me").description("The signed-in user (delegated tokens)"),
                        createTag().name("users").description("Users, by id or userPrincipalName"),
                        createTag().name("groups").description("Groups; teams/{id} is the team's group"),
                        createTag().name("contacts").description("Contacts and contact folders of a user"),
                        createTag().name("links").description("Signed photo links: no token"),
                        createTag().name("health").description("For load balancers and orchestrators; no token")))
                .components(components())
                .paths(paths);
    }

    // ------------------------------------------------------------------ photo operations on one owner path

    private static void photoPaths(Paths paths, Owner owner) {
        String base = "/{version}" + owner.path();
        List<Parameter> parameters = pathParameters(owner.path());
        String metadata = permissions(READ_PHOTO_METADATA, owner.target(), owner.note());
        String read = permissions(READ_PHOTO_VALUE, owner.target(), owner.note());
        String write = permissions(WRITE_PHOTO, owner.target(), owner.note());

        paths.addPathItem(base + "/photo", item(parameters)
                .GET(operation("get" + owner.key() + "Photo", owner.tag(),
                        "Metadata of the largest available photo",
                        "Graph's 1x1 answer (id 1X1, image/gif, empty media ETag) when there is no photo. " + metadata)
                        .addParameter(ref("select", createParameter()))
                        .responses(responses(ok("The photo's metadata", json("ProfilePhoto")),
                                "BadRequest", "Unauthorized", "Forbidden", "NotFound", "ServiceUnavailable")))
                .DELETE(delete("delete" + owner.key() + "Photo", owner.tag(), write)));

        paths.addPathItem(base + "/photo/$value", item(parameters)
                .GET(bytes("get" + owner.key() + "PhotoValue", owner.tag(), "Bytes of the largest available photo", read))
                .PUT(upload("put" + owner.key() + "PhotoValue", owner.tag(), write))
                .PATCH(upload("patch" + owner.key() + "PhotoValue", owner.tag(), write))
                .DELETE(delete("delete" + owner.key() + "PhotoValue", owner.tag(), write)));

        paths.addPathItem(base + "/photos", item(parameters)
                .GET(operation("list" + owner.key() + "Photos", owner.tag(), "The available sizes, smallest first",
                        "The HD squares not larger than the upload; only the normalised original when the upload "
                                + "was smaller than 48 px; an empty list when there is no photo. " + metadata)
                        .addParameter(ref("select", createParameter()))
                        .responses(responses(ok("The available sizes", json("ProfilePhotoCollection")),
                                "BadRequest", "Unauthorized", "Forbidden", "NotFound", "ServiceUnavailable"))));

        paths.addPathItem(base + "/photos/{size}", item(withSize(parameters))
                .GET(operation("get" + owner.key() + "PhotoSize", owner.tag(), "Metadata of one size",
                        "The 1x1 answer when that size is not available. " + metadata)
                        .addParameter(ref("select", createParameter()))
                        .responses(responses(ok("The size's metadata", json("ProfilePhoto")),
                                "BadRequest", "Unauthorized", "Forbidden", "NotFound", "ServiceUnavailable"))));

        paths.addPathItem(base + "/photos/{size}/$value", item(withSize(parameters))
                .GET(bytes("get" + owner.key() + "PhotoSizeValue", owner.tag(), "Bytes of one size", read)));

        paths.addPathItem(base + "/photo/link", item(parameters)
                .GET(link("get" + owner.key() + "PhotoLink", owner.tag(), "A signed link to the largest photo's bytes", read)));

        paths.addPathItem(base + "/photos/{size}/link", item(withSize(parameters))
                .GET(link("get" + owner.key() + "PhotoSizeLink", owner.tag(), "A signed link to one size's bytes", read)));

        paths.addPathItem(base + "/photo/{size}/$value", item(withSize(parameters))
                .GET(bytes("get" + owner.key() + "PhotoSizeValueAlias", owner.tag(),
                        "Bytes of one size (the spelling of Graph's v1.0 page)", read)));
    }

    private static Operation bytes(String id, String tag, String summary, String permissions) {
        APIResponse ok = createAPIResponse()
                .description("The JPEG bytes")
                .content(createContent().addMediaType("image/jpeg",
                        createMediaType().schema(typed(SchemaType.STRING).format("binary"))))
                .addHeader("ETag", header("Equal to the metadata's @odata.mediaEtag", SchemaType.STRING))
                .addHeader("Cache-Control", header("private, max-age=300 (configurable)", SchemaType.STRING))
                .addHeader("Vary", header("Authorization", SchemaType.STRING))
                .addHeader("Content-Length", header("Length of the bytes", SchemaType.INTEGER))
                .addHeader("request-id", ref("request-id", createHeader()));
        APIResponse notModified = createAPIResponse()
                .description("If-None-Match named the current ETag: no body")
                .addHeader("ETag", header("The current ETag", SchemaType.STRING))
                .addHeader("request-id", ref("request-id", createHeader()));
        return operation(id, tag, summary, "404 ImageNotFound when the owner has no photo of that size. " + permissions)
                .addParameter(ref("If-None-Match", createParameter()))
                .responses(responses(ok, "BadRequest", "Unauthorized", "Forbidden", "NotFound", "ServiceUnavailable")
                        .addAPIResponse("304", notModified));
    }

    private static Operation link(String id, String tag, String summary, String permissions) {
        return operation(id, tag, summary, "Beyond Graph (docs/api.md §12): a URL under /photo-links that serves exactly "
                + "these bytes without a token until expirationDateTime. 404 ImageNotFound when there is no such photo. "
                + permissions)
                .responses(responses(ok("The link", json("PhotoLink")),
                        "BadRequest", "Unauthorized", "Forbidden", "NotFound", "ServiceUnavailable"));
    }

    // ------------------------------------------------------------------ links and the change feed (beyond Graph)

    private static void linkAndFeedPaths(Paths paths) {
        paths.addPathItem("/photo-links/{link}", createPathItem().GET(createOperation()
                .operationId("getLinkedPhoto").tags(List.of("links")).summary("The bytes a signed photo link names")
                .description("No token: the link is the credential (docs/api.md §12). 403 ErrorAccessDenied when the "
                        + "link is expired, altered or signed by an unknown key; 404 ImageNotFound when the photo "
                        + "changed or was deleted since.")
                .addParameter(createParameter().name("link").in(Parameter.In.PATH).required(true)
                        .description("The last path segment of a link's url").schema(typed(SchemaType.STRING)))
                .addParameter(ref("If-None-Match", createParameter()))
                .responses(responses(createAPIResponse()
                                .description("The JPEG bytes")
                                .content(createContent().addMediaType("image/jpeg",
                                        createMediaType().schema(typed(SchemaType.STRING).format("binary"))))
                                .addHeader("ETag", header("The link's @odata.mediaEtag", SchemaType.STRING))
                                .addHeader("Cache-Control", header("public, max-age=<seconds left>, immutable", SchemaType.STRING)),
                        "Forbidden", "NotFound", "ServiceUnavailable")
                        .addAPIResponse("304", createAPIResponse().description("If-None-Match named the link's ETag")))));
        for (String set : List.of("users", "groups")) {
            Target target = set.equals("users") ? Target.OTHER_USER : Target.GROUP;
            paths.addPathItem("/{version}/" + set + "/delta", item(pathParameters("/" + set + "/delta"))
                    .GET(operation(set + "Delta", set, "Changed " + set + " and their photos (change feed)",
                            "Beyond Graph (docs/api.md §13): the first round lists every one, later rounds (the "
                                    + "@odata.deltaLink) those changed since, deleted ones with @removed. "
                                    + permissions(READ_PHOTO_METADATA, target, ""))
                            .addParameter(query("$top", "Page size, 1 to 1000 (100)"))
                            .addParameter(query("$skiptoken", "From an @odata.nextLink"))
                            .addParameter(query("$deltatoken", "From an @odata.deltaLink"))
                            .responses(responses(ok("A page of the round", json("DeltaPage")),
                                    "BadRequest", "Unauthorized", "Forbidden", "Gone", "ServiceUnavailable"))));
        }
    }

    private static Parameter query(String name, String description) {
        return createParameter().name(name).in(Parameter.In.QUERY).description(description).schema(typed(SchemaType.STRING));
    }

    private static Operation upload(String id, String tag, String permissions) {
        Content image = createContent();
        for (String type : List.of("image/jpeg", "image/png", "image/gif", "image/bmp", "image/webp",
                "application/octet-stream")) {
            image.addMediaType(type, createMediaType().schema(typed(SchemaType.STRING).format("binary")));
        }
        return operation(id, tag, "Upload a new photo",
                "The raw image bytes (not multipart, not base64): JPEG, PNG, GIF, BMP or WebP, sniffed from the bytes; "
                        + "Content-Type image/* or application/octet-stream (none counts as the latter). At most 4 MiB "
                        + "and 50 megapixels by default. Every size is made and stored together, or nothing changes. "
                        + permissions)
                .requestBody(createRequestBody().required(true).content(image))
                .responses(responses(createAPIResponse().description("Stored; empty body")
                                .addHeader("request-id", ref("request-id", createHeader())),
                        "InvalidImage", "Unauthorized", "Forbidden", "NotFound", "PayloadTooLarge",
                        "UnsupportedMediaType", "ServiceUnavailable"));
    }

    private static Operation delete(String id, String tag, String permissions) {
        return operation(id, tag, "Delete the photo", "Every size goes; the metadata is then the 1x1 answer. " + permissions)
                .responses(responses("204", noContent("Deleted (also when there was no photo)"),
                        "BadRequest", "Unauthorized", "Forbidden", "NotFound", "ServiceUnavailable"));
    }

    // ------------------------------------------------------------------ users, groups, contacts, folders

    private static void ownerPaths(Paths paths) {
        String readUsers = permissions(READ_OBJECT, Target.OTHER_USER, "");
        String writeUsers = permissions(WRITE_OBJECT, Target.OTHER_USER, "");
        paths.addPathItem("/{version}/users", item(pathParameters("/users"))
                .GET(list("listUsers", "users", "The tenant's users", "UserCollection", readUsers))
                .POST(create("createUser", "users", "Create a user",
                        "id (letters, digits, '.', '_', '-', at most 128) is optional: directory sync keeps the "
                                + "identity provider's object ids; otherwise the server makes a GUID. " + writeUsers,
                        "User")));
        paths.addPathItem("/{version}/users/{user}", item(pathParameters("/users/{user}"))
                .GET(get("getUser", "users", "A user by id or userPrincipalName", "User",
                        permissions(READ_OBJECT, Target.OTHER_USER, "One's own user: as getMe.")))
                .PATCH(update("updateUser", "users", "Change a user", "User",
                        permissions(WRITE_OBJECT, Target.OTHER_USER, "One's own user: as updateMe.")))
                .DELETE(remove("deleteUser", "users", "Delete a user, its photos, contacts and folders",
                        permissions(ADMINISTER_OBJECT, Target.OTHER_USER, "Also for one's own user."))));
        paths.addPathItem("/{version}/me", item(pathParameters("/me"))
                .GET(get("getMe", "me", "The signed-in user (created from the token on first use)", "User",
                        permissions(READ_OBJECT, Target.SELF, "An application token gets 400 on /me.")))
                .PATCH(update("updateMe", "me", "Change the signed-in user", "User",
                        permissions(WRITE_OBJECT, Target.SELF, "Changing userPrincipalName: "
                                + PERMISSIONS.describe(ADMINISTER_OBJECT, Target.SELF))))
                .DELETE(operation("deleteMe", "me", "Not allowed", "Delete the user through users/{user}.")
                        .responses(createAPIResponses().addAPIResponse("405", ref("MethodNotAllowed")))));

        paths.addPathItem("/{version}/groups", item(pathParameters("/groups"))
                .GET(list("listGroups", "groups", "The tenant's groups", "GroupCollection",
                        permissions(READ_OBJECT, Target.GROUP, "")))
                .POST(create("createGroup", "groups", "Create a group",
                        permissions(WRITE_OBJECT, Target.GROUP, ""), "Group")));
        for (String group : List.of("/groups/{group}", "/teams/{team}")) {
            String key = group.startsWith("/teams") ? "Team" : "Group";
            Target target = group.startsWith("/teams") ? Target.TEAM : Target.GROUP;
            paths.addPathItem("/{version}" + group, item(pathParameters(group))
                    .GET(get("get" + key, "groups", "A group (a team is its group)", "Group",
                            permissions(READ_OBJECT, target, "")))
                    .PATCH(update("update" + key, "groups", "Change a group", "Group",
                            permissions(WRITE_OBJECT, target, "")))
                    .DELETE(remove("delete" + key, "groups", "Delete a group and its photo",
                            permissions(ADMINISTER_OBJECT, target, ""))));
        }

        for (String user : List.of("/me", "/users/{user}")) {
            String key = user.equals("/me") ? "My" : "User";
            Target target = user.equals("/me") ? Target.OWN_CONTACT : Target.OTHER_USERS_CONTACT;
            String contacts = "Reading: " + permissions(READ_OBJECT, target, "")
                    + " Writing: " + permissions(WRITE_OBJECT, target, "")
                    + (user.equals("/me") ? "" : " Contacts of one's own user count as /me's.");
            paths.addPathItem("/{version}" + user + "/contacts", item(pathParameters(user + "/contacts"))
                    .GET(list("list" + key + "Contacts", "contacts", "Contacts outside folders", "ContactCollection", contacts))
                    .POST(create("create" + key + "Contact", "contacts", "Create a contact", contacts, "Contact")));
            paths.addPathItem("/{version}" + user + "/contacts/{contact}", item(pathParameters(user + "/contacts/{contact}"))
                    .GET(get("get" + key + "Contact", "contacts", "A contact", "Contact", contacts))
                    .PATCH(update("update" + key + "Contact", "contacts", "Change a contact", "Contact", contacts))
                    .DELETE(remove("delete" + key + "Contact", "contacts", "Delete a contact and its photo", contacts)));
            paths.addPathItem("/{version}" + user + "/contactFolders", item(pathParameters(user + "/contactFolders"))
                    .GET(list("list" + key + "ContactFolders", "contacts", "Contact folders", "ContactFolderCollection", contacts))
                    .POST(create("create" + key + "ContactFolder", "contacts", "Create a contact folder", contacts,
                            "ContactFolder")));
            paths.addPathItem("/{version}" + user + "/contactFolders/{folder}",
                    item(pathParameters(user + "/contactFolders/{folder}"))
                            .GET(get("get" + key + "ContactFolder", "contacts", "A contact folder", "ContactFolder", contacts))
                            .DELETE(remove("delete" + key + "ContactFolder", "contacts",
                                    "Delete a folder, its contacts and their photos", contacts)));
            paths.addPathItem("/{version}" + user + "/contactFolders/{folder}/contacts",
                    item(pathParameters(user + "/contactFolders/{folder}/contacts"))
                            .GET(list("list" + key + "FolderContacts", "contacts", "Contacts in a folder",
                                    "ContactCollection", contacts))
                            .POST(create("create" + key + "FolderContact", "contacts", "Create a contact in a folder",
                                    contacts, "Contact")));
            paths.addPathItem("/{version}" + user + "/contactFolders/{folder}/contacts/{contact}",
                    item(pathParameters(user + "/contactFolders/{folder}/contacts/{contact}"))
                            .GET(get("get" + key + "FolderContact", "contacts", "A contact in a folder", "Contact", contacts))
                            .PATCH(update("update" + key + "FolderContact", "contacts", "Change a contact", "Contact", contacts))
                            .DELETE(remove("delete" + key + "FolderContact", "contacts", "Delete a contact and its photo",
                                    contacts)));
        }
    }

    private static Operation list(String id, String tag, String summary, String schema, String permissions) {
        return operation(id, tag, summary, permissions)
                .addParameter(ref("select", createParameter()))
                .responses(responses(ok("The list", json(schema)),
                        "BadRequest", "Unauthorized", "Forbidden", "NotFound", "ServiceUnavailable"));
    }

    private static Operation get(String id, String tag, String summary, String schema, String permissions) {
        return operation(id, tag, summary, permissions)
                .addParameter(ref("select", createParameter()))
                .responses(responses(ok("The object", json(schema)),
                        "BadRequest", "Unauthorized", "Forbidden", "NotFound", "ServiceUnavailable"));
    }

    private static Operation create(String id, String tag, String summary, String permissions, String schema) {
        return operation(id, tag, summary, "Unknown properties are ignored; bodies at most 64 KiB. " + permissions)
                .requestBody(createRequestBody().required(true).content(json(schema)))
                .responses(responses("201", ok("Created", json(schema)),
                        "BadRequest", "Unauthorized", "Forbidden", "NotFound", "UnsupportedMediaType", "ServiceUnavailable"));
    }

    private static Operation update(String id, String tag, String summary, String schema, String permissions) {
        return operation(id, tag, summary, "Only the properties given change. " + permissions)
                .requestBody(createRequestBody().required(true).content(json(schema)))
                .responses(responses("204", noContent("Changed"),
                        "BadRequest", "Unauthorized", "Forbidden", "NotFound", "UnsupportedMediaType", "ServiceUnavailable"));
    }

    private static Operation remove(String id, String tag, String summary, String permissions) {
        return operation(id, tag, summary, permissions)
                .responses(responses("204", noContent("Deleted"), "Unauthorized", "Forbidden", "NotFound", "ServiceUnavailable"));
    }

    private static void healthPaths(Paths paths) {
        paths.addPathItem("/health/live", createPathItem().GET(createOperation()
                .operationId("live").tags(List.of("health")).summary("Liveness: the application is deployed and answers")
                .responses(createAPIResponses().addAPIResponse("200", ok("UP", json("Health"))))));
        paths.addPathItem("/health/ready", createPathItem().GET(createOperation()
                .operationId("ready").tags(List.of("health")).summary("Readiness: the database answers within 3 s, its schema is migrated, the image codecs are present")
                .responses(createAPIResponses()
                        .addAPIResponse("200", ok("UP", json("Health")))
                        .addAPIResponse("503", ok("DOWN", json("Health"))))));
    }

    // ------------------------------------------------------------------ components

    private static Components components() {
        Components components = createComponents()
                .addSecurityScheme(BEARER, createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                        .bearerFormat("JWT").description("An access token with tid, oid, scp (delegated) or roles "
                                + "(application), verified with the configured key, issuer and audience"))
                .addHeader("request-id", header("A fresh id for this request, also in innerError", SchemaType.STRING))
                .addParameter("version", createParameter().name("version").in(Parameter.In.PATH).required(true)
                        .description("The API version: both behave identically")
                        .schema(typed(SchemaType.STRING).enumeration(List.of("v1.0", "beta"))))
                .addParameter("user", pathParameter("user", "A user's id or userPrincipalName (case-insensitive)"))
                .addParameter("group", pathParameter("group", "A group's id"))
                .addParameter("team", pathParameter("team", "A team's id (its group's id)"))
                .addParameter("contact", pathParameter("contact", "A contact's id"))
                .addParameter("folder", pathParameter("folder", "A contact folder's id"))
                .addParameter("size", createParameter().name("size").in(Parameter.In.PATH).required(true)
                        .description("{width}x{height}, such as 48x48 … 648x648, or the original's dimensions; "
                                + "x or X. Malformed (abc, 0x0, 48) is a 400 BadRequest")
                        .schema(typed(SchemaType.STRING).pattern("^[0-9]+[xX][0-9]+$")))
                .addParameter("select", createParameter().name("$select").in(Parameter.In.QUERY)
                        .description("Comma-separated properties to return; an unknown property, or any other $ "
                                + "option ($expand, $filter, …), is a 400 BadRequest")
                        .schema(typed(SchemaType.STRING)))
                .addParameter("If-None-Match", createParameter().name("If-None-Match").in(Parameter.In.HEADER)
                        .description("An ETag from an earlier answer: 304 when it is still current")
                        .schema(typed(SchemaType.STRING)))
                .addSchema("GraphError", graphError())
                .addSchema("ProfilePhoto", profilePhoto())
                .addSchema("ProfilePhotoCollection", collection("ProfilePhoto"))
                .addSchema("User", owner("A user (Graph's user, the properties Portrait keeps)")
                        .addProperty("userPrincipalName", text("Unique in the tenant; only users have one"))
                        .addProperty("mail", text("Mail address")))
                .addSchema("UserCollection", collection("User"))
                .addSchema("Group", owner("A group (Graph's group, the properties Portrait keeps)")
                        .addProperty("mail", text("Mail address"))
                        .addProperty("description", text("At most 1024 characters; line breaks allowed").maxLength(1024)))
                .addSchema("GroupCollection", collection("Group"))
                .addSchema("Contact", owner("A contact (Graph's contact, the properties Portrait keeps)")
                        .addProperty("givenName", text("Given name"))
                        .addProperty("surname", text("Surname"))
                        .addProperty("emailAddresses", typed(SchemaType.ARRAY)
                                .items(typed(SchemaType.OBJECT)
                                        .addProperty("address", text("Mail address"))
                                        .addProperty("name", text("Display name")))))
                .addSchema("ContactCollection", collection("Contact"))
                .addSchema("ContactFolder", owner("A contact folder"))
                .addSchema("ContactFolderCollection", collection("ContactFolder"))
                .addSchema("PhotoLink", typed(SchemaType.OBJECT)
                        .addProperty("url", text("Absolute URL under /photo-links; GET it without a token"))
                        .addProperty("expirationDateTime", text("UTC, such as 2026-12-02T09:14:00Z"))
                        .addProperty("width", typed(SchemaType.INTEGER))
                        .addProperty("height", typed(SchemaType.INTEGER))
                        .addProperty("@odata.mediaEtag", text("Quoted ETag of the linked bytes"))
                        .required(List.of("url", "expirationDateTime", "width", "height", "@odata.mediaEtag")))
                .addSchema("DeltaPage", typed(SchemaType.OBJECT)
                        .addProperty("@odata.context", text("{base}/$metadata#users or #groups"))
                        .addProperty("@odata.nextLink", text("The next page of this round"))
                        .addProperty("@odata.deltaLink", text("On the last page: the next round"))
                        .addProperty("value", typed(SchemaType.ARRAY).items(typed(SchemaType.OBJECT)
                                .addProperty("id", text("The object's id"))
                                .addProperty("displayName", text("Display name"))
                                .addProperty("userPrincipalName", text("Users only"))
                                .addProperty("photo", typed(SchemaType.OBJECT)
                                        .description("The largest size, or null without a photo")
                                        .addProperty("id", text("{width}X{height}"))
                                        .addProperty("width", typed(SchemaType.INTEGER))
                                        .addProperty("height", typed(SchemaType.INTEGER))
                                        .addProperty("@odata.mediaEtag", text("Quoted ETag")))
                                .addProperty("@removed", typed(SchemaType.OBJECT)
                                        .description("Only on deleted objects: {\"reason\":\"deleted\"}"))))
                        .required(List.of("value")))
                .addSchema("Health", typed(SchemaType.OBJECT)
                        .addProperty("status", typed(SchemaType.STRING).enumeration(List.of("UP", "DOWN")))
                        .addProperty("checks", typed(SchemaType.ARRAY).items(typed(SchemaType.OBJECT)
                                .addProperty("name", text("What was checked"))
                                .addProperty("status", typed(SchemaType.STRING)
                                        .enumeration(List.of("UP", "DOWN"))))));
        error(components, "BadRequest", "400 BadRequest (malformed size, unsupported query option, /me with an "
                + "application token) or Request_BadRequest (bad owner body, duplicate id or userPrincipalName)");
        error(components, "InvalidImage", "400 InvalidImage (not a decodable JPEG, PNG, GIF, BMP or WebP, or more "
                + "pixels than allowed) or BadRequest (unsupported query option)");
        error(components, "Unauthorized", "401 InvalidAuthenticationToken: the token is missing, malformed, expired, "
                + "badly signed, or of another issuer or audience");
        components.getResponses().get("Unauthorized")
                .addHeader("WWW-Authenticate", header("Bearer realm=\"Portrait\"", SchemaType.STRING));
        error(components, "Forbidden", "403 ErrorAccessDenied: the token lacks a permission for the operation");
        error(components, "NotFound", "404 Request_ResourceNotFound (unknown user, group, contact or folder, or one of "
                + "another tenant) or ImageNotFound (no photo of that size)");
        error(components, "MethodNotAllowed", "405 MethodNotAllowed");
        error(components, "Gone", "410 SyncStateNotFound: the delta token is older than the kept change history, "
                + "or not one of the tenant's; start a new round");
        components.getResponses().get("MethodNotAllowed")
                .addHeader("Allow", header("The methods the path allows", SchemaType.STRING));
        error(components, "PayloadTooLarge", "413 RequestEntityTooLarge: the body is over the upload limit "
                + "(4 MiB by default)");
        error(components, "UnsupportedMediaType", "415 UnsupportedMediaType: the body's Content-Type is not accepted "
                + "here (uploads: image/* or application/octet-stream; owners: application/json)");
        error(components, "ServiceUnavailable", "503 ServiceUnavailable: the database cannot be reached");
        components.getResponses().get("ServiceUnavailable")
                .addHeader("Retry-After", header("Seconds to wait before retrying", SchemaType.INTEGER));
        return components;
    }

    private static void error(Components components, String name, String description) {
        components.addResponse(name, createAPIResponse().description(description)
                .content(json("GraphError"))
                .addHeader("request-id", ref("request-id", createHeader())));
    }

    private static Schema graphError() {
        Schema inner = typed(SchemaType.OBJECT)
                .addProperty("date", text("UTC, without offset: 2026-11-26T21:33:13"))
                .addProperty("request-id", text("Equal to the request-id header"))
                .addProperty("client-request-id", text("The client's client-request-id, when it sent one"))
                .required(List.of("date", "request-id"));
        Schema error = typed(SchemaType.OBJECT)
                .addProperty("code", text("Graph's error code, such as ImageNotFound"))
                .addProperty("message", text("Safe to show a person; never a stack trace, SQL or class name"))
                .addProperty("innerError", inner)
                .required(List.of("code", "message", "innerError"));
        return typed(SchemaType.OBJECT)
                .description("Graph error JSON, whatever made the error (the container's own 401, 404, 405 too)")
                .addProperty("error", error)
                .required(List.of("error"));
    }

    private static Schema profilePhoto() {
        return typed(SchemaType.OBJECT)
                .description("Graph's profilePhoto. Without a photo (or that size): id 1X1, width and height 1, "
                        + "image/gif and an empty media ETag")
                .addProperty("@odata.context", text("{base}/$metadata#users('{id}')/photo/$entity, Me/photo/$entity, …"))
                .addProperty("@odata.id", text("{base}/users('{id}@{tenant}')/photo, groups('{id}')/photo, …"))
                .addProperty("@odata.mediaContentType", typed(SchemaType.STRING)
                        .enumeration(List.of("image/jpeg", "image/gif")))
                .addProperty("@odata.mediaEtag", text("Quoted; equal to the ETag of the matching $value answer"))
                .addProperty("id", typed(SchemaType.STRING).pattern("^[0-9]+X[0-9]+$")
                        .description("{width}X{height}, capital X"))
                .addProperty("width", typed(SchemaType.INTEGER))
                .addProperty("height", typed(SchemaType.INTEGER))
                .required(List.of("id", "width", "height"));
    }

    private static Schema owner(String description) {
        return typed(SchemaType.OBJECT).description(description)
                .addProperty("@odata.context", text("Present on single objects"))
                .addProperty("id", text("Server-made GUID unless given on POST /users; lower case").maxLength(128))
                .addProperty("displayName", text("At most 255 characters, no control characters").maxLength(255));
    }

    private static Schema collection(String item) {
        return typed(SchemaType.OBJECT)
                .addProperty("@odata.context", text("{base}/$metadata#…"))
                .addProperty("value", typed(SchemaType.ARRAY).items(createSchema().ref(item)))
                .required(List.of("value"));
    }

    // ------------------------------------------------------------------ small builders

    private static PathItem item(List<Parameter> parameters) {
        return createPathItem().parameters(new ArrayList<>(parameters));
    }

    /** The {name} parameters of an owner path, after {version}. */
    static List<Parameter> pathParameters(String path) {
        List<Parameter> parameters = new ArrayList<>();
        parameters.add(ref("version", createParameter()));
        for (String segment : path.split("/")) {
            if (segment.startsWith("{")) {
                parameters.add(ref(segment.substring(1, segment.length() - 1), createParameter()));
            }
        }
        return parameters;
    }

    private static List<Parameter> withSize(List<Parameter> parameters) {
        List<Parameter> sized = new ArrayList<>(parameters);
        sized.add(ref("size", createParameter()));
        return sized;
    }

    /** An API operation: needs a bearer token (health does not, so this is not the document's default). */
    private static Operation operation(String id, String tag, String summary, String description) {
        return createOperation().operationId(id).tags(List.of(tag)).summary(summary).description(description)
                .addSecurityRequirement(createSecurityRequirement().addScheme(BEARER));
    }

    private static APIResponses responses(APIResponse ok, String... errors) {
        return responses("200", ok, errors);
    }

    /** The success answer under its status, then each named error answer under its own. */
    private static APIResponses responses(String status, APIResponse success, String... errors) {
        APIResponses responses = createAPIResponses().addAPIResponse(status, success);
        for (String error : errors) {
            responses.addAPIResponse(statusOf(error), ref(error));
        }
        return responses;
    }

    private static String statusOf(String error) {
        switch (error) {
            case "BadRequest":
            case "InvalidImage":
                return "400";
            case "Unauthorized":
                return "401";
            case "Forbidden":
                return "403";
            case "NotFound":
                return "404";
            case "MethodNotAllowed":
                return "405";
            case "Gone":
                return "410";
            case "PayloadTooLarge":
                return "413";
            case "UnsupportedMediaType":
                return "415";
            case "ServiceUnavailable":
                return "503";
            default:
                throw new IllegalArgumentException(error);
        }
    }

    private static APIResponse ok(String description, Content content) {
        return createAPIResponse().description(description).content(content)
                .addHeader("request-id", ref("request-id", createHeader()));
    }

    private static APIResponse noContent(String description) {
        return createAPIResponse().description(description).addHeader("request-id", ref("request-id", createHeader()));
    }

    private static APIResponse ref(String response) {
        return createAPIResponse().ref(response);
    }

    private static <T extends org.eclipse.microprofile.openapi.models.Reference<T>> T ref(String name, T reference) {
        return reference.ref(name);
    }

    private static Content json(String schema) {
        return createContent().addMediaType("application/json", createMediaType().schema(createSchema().ref(schema)));
    }

    private static Schema text(String description) {
        return typed(SchemaType.STRING).description(description);
    }

    private static org.eclipse.microprofile.openapi.models.headers.Header header(String description, SchemaType type) {
        return createHeader().description(description).schema(typed(type));
    }

    private static Parameter pathParameter(String name, String description) {
        return createParameter().name(name).in(Parameter.In.PATH).required(true).description(description)
                .schema(typed(SchemaType.STRING));
    }
}
