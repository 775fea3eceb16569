package org.portrait.it;

import jakarta.json.JsonObject;

import java.util.UUID;

import static org.portrait.it.Api.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A fresh tenant (random {@code tid}) with helpers to create its owners through the API, so that every test works
 * on data nobody else sees. The tenant's administrator is a delegated caller with every write scope; it is created
 * on first use, like any delegated caller.
 */
public final class Tenant {

    /** Every scope that allows writing users, groups, photos and contacts. */
    public static final String[] ADMIN_SCOPES = {
            "User.ReadWrite.All", "Group.ReadWrite.All", "ProfilePhoto.ReadWrite.All", "Contacts.ReadWrite"};

    private final Api api;
    private final String id = UUID.randomUUID().toString();
    private final String domain = "t" + id.substring(0, 8) + ".example.com";
    private final User admin = new User(UUID.randomUUID().toString(), "admin@" + domain);

    public Tenant(Api api) {
        this.api = api;
    }

    public String id() {
        return id;
    }

    public String domain() {
        return domain;
    }

    public User admin() {
        return admin;
    }

    /** Token of the tenant's administrator (all write scopes). */
    public String adminToken() {
        return delegated(admin, ADMIN_SCOPES);
    }

    /** A delegated token signed in as {@code user} with these scopes. */
    public String delegated(User user, String... scopes) {
        return TestTokens.delegated(id, user.id(), user.upn(), scopes).build();
    }

    /** An application token of this tenant with these application permissions. */
    public String app(String... roles) {
        return TestTokens.app(id, roles).build();
    }

    /** A user nobody has created yet (its first token creates it). */
    public User unknownUser(String name) {
        return new User(UUID.randomUUID().toString(), name + "." + UUID.randomUUID().toString().substring(0, 6) + "@" + domain);
    }

    /** POST /v1.0/users with a server-generated id. */
    public User createUser(String name) {
        String upn = name + "." + UUID.randomUUID().toString().substring(0, 6) + "@" + domain;
        JsonObject created = created(api.post("/v1.0/users", JSON.createObjectBuilder()
                .add("displayName", name)
                .add("userPrincipalName", upn)
                .add("mail", upn)
                .build()).bearer(adminToken()).send());
        return new User(created.getString("id"), created.getString("userPrincipalName"));
    }

    /** POST /v1.0/groups; returns the group id. */
    public String createGroup(String name) {
        return created(api.post("/v1.0/groups", JSON.createObjectBuilder()
                .add("displayName", name)
                .add("mail", name.replace(' ', '-') + "@" + domain)
                .add("description", "test group " + name)
                .build()).bearer(adminToken()).send()).getString("id");
    }

    /** POST {ownerPath}/contacts (ownerPath "me" or "users/{u}"); returns the contact id. */
    public String createContact(String ownerPath, String token, String name) {
        return created(api.post("/v1.0/" + ownerPath + "/contacts", contact(name)).bearer(token).send()).getString("id");
    }

    /** POST {ownerPath}/contactFolders; returns the folder id. */
    public String createFolder(String ownerPath, String token, String name) {
        return created(api.post("/v1.0/" + ownerPath + "/contactFolders",
                JSON.createObjectBuilder().add("displayName", name).build()).bearer(token).send()).getString("id");
    }

    /** POST {ownerPath}/contactFolders/{folder}/contacts; returns the contact id. */
    public String createFolderContact(String ownerPath, String folder, String token, String name) {
        return created(api.post("/v1.0/" + ownerPath + "/contactFolders/" + folder + "/contacts", contact(name))
                .bearer(token).send()).getString("id");
    }

    public JsonObject contact(String name) {
        String address = name.toLowerCase().replace(' ', '.') + "@partner.example.org";
        return JSON.createObjectBuilder()
                .add("displayName", name)
                .add("givenName", name)
                .add("surname", "Contact")
                .add("emailAddresses", JSON.createArrayBuilder()
                        .add(JSON.createObjectBuilder().add("address", address).add("name", name)))
                .build();
    }

    private static JsonObject created(Api.Response response) {
        assertEquals(201, response.status(), () -> "setup failed: " + response);
        return response.json();
    }

    /** A user of this tenant. */
    public record User(String id, String upn) {
    }
}
