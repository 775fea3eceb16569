package org.portrait.it;

import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.core.requests.GraphClientFactory;
import com.microsoft.graph.models.Contact;
import com.microsoft.graph.models.ContactFolder;
import com.microsoft.graph.models.EmailAddress;
import com.microsoft.graph.models.Entity;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.PasswordProfile;
import com.microsoft.graph.models.ProfilePhoto;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.odataerrors.InnerError;
import com.microsoft.graph.models.odataerrors.MainError;
import com.microsoft.graph.models.odataerrors.ODataError;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import com.microsoft.kiota.http.middleware.options.HeadersInspectionOption;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.function.Executable;
import org.portrait.it.sdk.FixedTokenProvider;
import org.portrait.it.sdk.WireLog;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The done-when condition of Portrait, literally: a client written with the Microsoft Graph Java SDK
 * ({@code com.microsoft.graph:microsoft-graph} 6.x), pointed at {@code http://host:port/v1.0} with bearer tokens,
 * uploads, reads every size and the list, manages users, groups, contacts and folders, and deletes — with no code
 * specific to Portrait.
 * <p>
 * Every Graph call below is the SDK's public fluent API, exactly as a Graph application writes it. The only setup a
 * Portrait client needs is what any Graph client configures anyway: where the service is
 * ({@code getRequestAdapter().setBaseUrl(...)}) and where bearer tokens come from (a Kiota
 * {@link BaseBearerTokenAuthenticationProvider} over an {@link com.microsoft.kiota.authentication.AccessTokenProvider};
 * see {@link FixedTokenProvider}). The OkHttp client is the SDK's default one ({@link GraphClientFactory#create()}:
 * all Graph middleware — retry, redirect, telemetry with {@code client-request-id}, user agent...) with one extra
 * interceptor that only records the wire ({@link WireLog}, printed when a test fails).
 * <p>
 * SDK calls that needed nothing special (no request configuration, no raw URL, no custom header, no workaround):
 * all of them. A few calls deliberately use the SDK's ordinary per-request configuration, as Graph applications do:
 * {@code queryParameters.select} ({@code $select}), {@code queryParameters.expand} (to provoke the 400 for an
 * unsupported option), an explicit {@code Content-Type} header on an upload, and Kiota's
 * {@link HeadersInspectionOption} to read the {@code ETag} of {@code $value}. The plain calls:
 * {@code users().post/get}, {@code users().byUserId(id or
 * UPN).get/patch/delete}, {@code me().get}, {@code photo().get/delete}, {@code photo().content().put/get/delete},
 * {@code photos().get}, {@code photos().byProfilePhotoId(..).get} and {@code .content().get}, {@code groups().post/get},
 * {@code groups().byGroupId(..).get/patch/delete} and its photo, {@code teams().byTeamId(..).photo()},
 * {@code me()/users().contacts().post/get}, {@code contacts().byContactId(..).get/delete} and its photo,
 * {@code contactFolders().post/get}, {@code contactFolders().byContactFolderId(..).contacts().post/get/byContactId(..)}
 * and its photo, {@code contactFolders().byContactFolderId(..).delete}. Errors arrive as the SDK's {@link ODataError}
 * with code, message and innerError parsed from Portrait's Graph-shaped JSON.
 * <p>
 * SDK behaviour worth knowing (not Portrait's): graph-java-core 3.6.6 sends the same {@code client-request-id} on
 * every request of one {@code GraphServiceClient} (it lives in the client's {@code GraphClientOption}), so the echo is
 * checked against the header of the exchange that failed, not assumed fresh.
 * <p>
 * Deploys the built WAR exactly as {@link ApiIT} does; every test makes its own tenant (random {@code tid}).
 */
@ExtendWith(ArquillianExtension.class)
class GraphSdkIT {

    static final int[] HD = BuiltWar.HD;

    @RegisterExtension
    static final WireLog WIRE = new WireLog();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return BuiltWar.archive();
    }

    @ArquillianResource
    URL base;

    // ------------------------------------------------------------------ the client: plain Graph SDK

    /** A Graph SDK client signed in with {@code token}, pointed at this Portrait's {@code /v1.0}. */
    private GraphServiceClient graph(String token) {
        var authentication = new BaseBearerTokenAuthenticationProvider(new FixedTokenProvider(token, base.getHost()));
        var client = new GraphServiceClient(authentication, GraphClientFactory.create().addInterceptor(WIRE).build());
        client.getRequestAdapter().setBaseUrl(origin() + "/v1.0");
        return client;
    }

    private String origin() {
        return base.getProtocol() + "://" + base.getHost() + ":" + base.getPort();
    }

    /** A fresh tenant; only its token helpers are used here (every Graph call goes through the SDK). */
    private Tenant tenant() {
        return new Tenant(Api.at(base));
    }

    /**
     * The SDK's one-line client, without the wire-recording interceptor the other tests add: a token provider and the
     * base URL are all a Graph application changes to talk to Portrait.
     */
    @Test
    void theSdksDefaultClientNeedsOnlyATokenProviderAndTheBaseUrl() {
        Tenant t = tenant();
        Tenant.User megan = t.unknownUser("megan");
        var plain = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(
                new FixedTokenProvider(t.delegated(megan, "User.ReadWrite"), base.getHost())));
        plain.getRequestAdapter().setBaseUrl(origin() + "/v1.0");

        assertEquals(megan.id(), plain.me().get().getId());
        plain.me().photo().content().put(new ByteArrayInputStream(TestImages.jpeg(130, 100)));
        assertPhoto("96X96", 96, 96, plain.me().photo().get());
        assertImage(96, 96, plain.me().photo().content().get());
        assertEquals(List.of("48X48", "64X64", "96X96"), ids(plain.me().photos().get().getValue()));
        plain.me().photo().delete();
        ODataError gone = assertThrows(ODataError.class, () -> plain.me().photo().content().get());
        assertEquals(404, gone.getResponseStatusCode());
        assertEquals("ImageNotFound", gone.getError().getCode());
    }

    // ------------------------------------------------------------------ users

    @Test
    void usersAreCreatedListedReadUpdatedAndDeleted() {
        Tenant t = tenant();
        GraphServiceClient admin = graph(t.adminToken());
        String upn = "adele.vance@" + t.domain();

        // what a Graph application sends to create a user (Graph requires accountEnabled, mailNickname and a
        // passwordProfile; Portrait keeps id, displayName, userPrincipalName and mail and ignores the rest)
        User draft = new User();
        draft.setDisplayName("Adele Vance");
        draft.setUserPrincipalName(upn);
        draft.setMail(upn);
        draft.setAccountEnabled(true);
        draft.setMailNickname("adele.vance");
        PasswordProfile password = new PasswordProfile();
        password.setPassword(UUID.randomUUID().toString());
        password.setForceChangePasswordNextSignIn(true);
        draft.setPasswordProfile(password);

        User created = admin.users().post(draft);
        assertNotNull(created, "POST /users returned no entity");
        String id = created.getId();
        assertGuid(id);
        assertEquals("Adele Vance", created.getDisplayName());
        assertEquals(upn, created.getUserPrincipalName());
        assertEquals(upn, created.getMail());

        List<User> users = admin.users().get().getValue();
        assertTrue(ids(users).contains(id), () -> "users().get() lists " + ids(users) + ", not " + id);

        // by id, by UPN (the SDK sends users/adele.vance%40domain) and by UPN in another case
        assertEquals(upn, admin.users().byUserId(id).get().getUserPrincipalName());
        assertEquals(id, admin.users().byUserId(upn).get().getId());
        assertEquals(id, admin.users().byUserId(upn.toUpperCase()).get().getId());

        // request configuration: $select, as Graph applications routinely do
        User selected = admin.users().byUserId(id).get(r -> r.queryParameters.select = new String[]{"displayName", "mail"});
        assertEquals("Adele Vance", selected.getDisplayName());
        assertEquals(upn, selected.getMail());
        assertNull(selected.getUserPrincipalName(), "$select=displayName,mail returned userPrincipalName");

        User change = new User();
        change.setDisplayName("Adele V.");
        admin.users().byUserId(id).patch(change); // Graph answers 204: the SDK returns null
        assertEquals("Adele V.", admin.users().byUserId(upn).get().getDisplayName());

        admin.users().byUserId(id).delete();
        assertGraphError(404, "Request_ResourceNotFound", () -> admin.users().byUserId(id).get());
        assertFalse(ids(admin.users().get().getValue()).contains(id), "deleted user still listed");
    }

    @Test
    void meIsTheSignedInUserCreatedFromTheToken() {
        Tenant t = tenant();
        Tenant.User megan = t.unknownUser("megan");
        GraphServiceClient graph = graph(t.delegated(megan, "User.Read"));

        User me = graph.me().get();
        assertEquals(megan.id(), me.getId());
        assertEquals(megan.upn(), me.getUserPrincipalName());

        // the administrator sees the same user by its object id
        assertEquals(megan.upn(), graph(t.adminToken()).users().byUserId(megan.id()).get().getUserPrincipalName());
    }

    // ------------------------------------------------------------------ photos of the signed-in user

    @Test
    void myPhotoIsUploadedReadInEverySizeListedAndDeleted() {
        Tenant t = tenant();
        GraphServiceClient graph = graph(t.delegated(t.unknownUser("megan"), "User.ReadWrite"));

        // no photo yet: 1x1 metadata, empty list, ImageNotFound for the bytes
        assertPhoto("1X1", 1, 1, graph.me().photo().get());
        assertEquals(List.of(), graph.me().photos().get().getValue());
        assertGraphError(404, "ImageNotFound", () -> graph.me().photo().content().get());

        // a 900x700 JPEG (ImageIO): every HD size up to the shorter side, 700 -> all nine, 48..648
        graph.me().photo().content().put(new ByteArrayInputStream(TestImages.jpeg(900, 700)));
        int[] available = sizesUpTo(700);
        assertEquals(HD.length, available.length);

        ProfilePhoto largest = graph.me().photo().get();
        assertPhoto("648X648", 648, 648, largest);
        assertImage(648, 648, graph.me().photo().content().get());

        List<ProfilePhoto> list = graph.me().photos().get().getValue();
        assertEquals(idsOf(available), list.stream().map(Entity::getId).toList(), "photos, smallest first");
        for (int i = 0; i < available.length; i++) {
            assertPhoto(idOf(available[i]), available[i], available[i], list.get(i));
        }

        for (int side : available) {
            String size = side + "x" + side;
            assertPhoto(idOf(side), side, side, graph.me().photos().byProfilePhotoId(size).get());
            assertImage(side, side, graph.me().photos().byProfilePhotoId(size).content().get());
        }
        // the ids of the list, passed back as they came (capital X), work too
        for (ProfilePhoto photo : list) {
            assertImage(photo.getWidth(), photo.getHeight(),
                    graph.me().photos().byProfilePhotoId(photo.getId()).content().get());
        }

        // the original at its own dimensions ("directory photo")
        assertImage(900, 700, graph.me().photos().byProfilePhotoId("900x700").content().get());

        // DELETE /me/photo
        graph.me().photo().delete();
        assertGraphError(404, "ImageNotFound", () -> graph.me().photo().content().get());
        assertGraphError(404, "ImageNotFound", () -> graph.me().photos().byProfilePhotoId("48x48").content().get());
        assertPhoto("1X1", 1, 1, graph.me().photo().get());
        assertEquals(List.of(), graph.me().photos().get().getValue());
    }

    @Test
    void mediaEtagOfTheMetadataIsTheEtagOfTheBytesAndChangesWithThePhoto() {
        Tenant t = tenant();
        GraphServiceClient graph = graph(t.delegated(t.unknownUser("megan"), "User.ReadWrite"));

        graph.me().photo().content().put(new ByteArrayInputStream(TestImages.jpeg(300, 300, Color.RED)));
        ProfilePhoto first = graph.me().photo().get();
        String etag = mediaEtag(first);
        assertTrue(etag.startsWith("\"") && etag.endsWith("\""), () -> "@odata.mediaEtag " + etag + " is not quoted");

        // the ETag header of $value, through Kiota's public HeadersInspectionOption
        HeadersInspectionOption headers = new HeadersInspectionOption(false, true);
        assertImage(240, 240, graph.me().photo().content().get(r -> r.options.add(headers)));
        assertEquals(Set.of(etag), headers.getResponseHeaders().get("ETag"), "ETag of photo/$value");

        graph.me().photo().content().put(new ByteArrayInputStream(TestImages.jpeg(300, 300, Color.BLUE)));
        String changed = mediaEtag(graph.me().photo().get());
        assertFalse(etag.equals(changed), "@odata.mediaEtag did not change with the photo");
    }

    // ------------------------------------------------------------------ photos of other users

    @Test
    void anotherUsersPhotoByIdAndByUserPrincipalName() {
        Tenant t = tenant();
        User user = createUser(graph(t.adminToken()), t, "Lee Gu");
        GraphServiceClient photoAdmin = graph(t.delegated(t.unknownUser("photoadmin"), "ProfilePhoto.ReadWrite.All"));
        GraphServiceClient colleague = graph(t.delegated(t.unknownUser("colleague"), "User.ReadBasic.All"));

        // upload by UPN (the SDK percent-encodes the @), read by id and by UPN
        photoAdmin.users().byUserId(user.getUserPrincipalName()).photo().content()
                .put(new ByteArrayInputStream(TestImages.jpeg(300, 400)));
        int[] available = sizesUpTo(300);

        assertPhoto("240X240", 240, 240, photoAdmin.users().byUserId(user.getId()).photo().get());
        assertPhoto("240X240", 240, 240, colleague.users().byUserId(user.getUserPrincipalName()).photo().get());
        assertImage(240, 240, colleague.users().byUserId(user.getId()).photo().content().get());

        List<ProfilePhoto> list = colleague.users().byUserId(user.getId()).photos().get().getValue();
        assertEquals(idsOf(available), list.stream().map(Entity::getId).toList());
        for (int side : available) {
            assertPhoto(idOf(side), side, side,
                    colleague.users().byUserId(user.getId()).photos().byProfilePhotoId(side + "x" + side).get());
            assertImage(side, side,
                    colleague.users().byUserId(user.getUserPrincipalName()).photos().byProfilePhotoId(idOf(side)).content().get());
        }

        // a size the upload is too small for: 1x1 metadata, ImageNotFound for the bytes
        assertPhoto("1X1", 1, 1, colleague.users().byUserId(user.getId()).photos().byProfilePhotoId("360x360").get());
        assertGraphError(404, "ImageNotFound",
                () -> colleague.users().byUserId(user.getId()).photos().byProfilePhotoId("360x360").content().get());

        // reading needs no write scope, writing does
        assertGraphError(403, "ErrorAccessDenied", () -> colleague.users().byUserId(user.getId()).photo().content()
                .put(new ByteArrayInputStream(TestImages.jpeg(100, 100))));

        // DELETE users/{id}/photo/$value
        photoAdmin.users().byUserId(user.getId()).photo().content().delete();
        assertGraphError(404, "ImageNotFound", () -> colleague.users().byUserId(user.getId()).photo().content().get());
        assertPhoto("1X1", 1, 1, colleague.users().byUserId(user.getId()).photo().get());

        // deleting the user deletes its photo with it
        photoAdmin.users().byUserId(user.getId()).photo().content().put(new ByteArrayInputStream(TestImages.jpeg(64, 64)));
        graph(t.adminToken()).users().byUserId(user.getId()).delete();
        assertGraphError(404, "Request_ResourceNotFound", () -> colleague.users().byUserId(user.getId()).photo().get());
    }

    // ------------------------------------------------------------------ groups and teams

    @Test
    void groupsAndTheirTeamPhotos() {
        Tenant t = tenant();
        GraphServiceClient admin = graph(t.adminToken());

        // what a Graph application sends to create a Microsoft 365 group
        Group draft = new Group();
        draft.setDisplayName("Sales and Marketing");
        draft.setDescription("Everyone in sales");
        draft.setMailNickname("sales");
        draft.setMailEnabled(true);
        draft.setSecurityEnabled(false);
        draft.setGroupTypes(List.of("Unified"));
        Group group = admin.groups().post(draft);
        assertNotNull(group, "POST /groups returned no entity");
        String id = group.getId();
        assertGuid(id);
        assertEquals("Sales and Marketing", group.getDisplayName());

        assertTrue(ids(admin.groups().get().getValue()).contains(id), "groups().get() does not list the new group");
        assertEquals("Sales and Marketing", admin.groups().byGroupId(id).get().getDisplayName());
        Group change = new Group();
        change.setDisplayName("Sales");
        admin.groups().byGroupId(id).patch(change);
        assertEquals("Sales", admin.groups().byGroupId(id).get().getDisplayName());

        // group photo: a PNG this time (the SDK sends application/octet-stream whatever the format)
        GraphServiceClient groupAdmin = graph(t.delegated(t.unknownUser("groupadmin"), "Group.ReadWrite.All"));
        groupAdmin.groups().byGroupId(id).photo().content().put(new ByteArrayInputStream(TestImages.png(400, 400, Color.GREEN)));
        int[] available = sizesUpTo(400);
        ProfilePhoto photo = groupAdmin.groups().byGroupId(id).photo().get();
        assertPhoto("360X360", 360, 360, photo);
        assertImage(360, 360, groupAdmin.groups().byGroupId(id).photo().content().get());
        List<ProfilePhoto> list = groupAdmin.groups().byGroupId(id).photos().get().getValue();
        assertEquals(idsOf(available), list.stream().map(Entity::getId).toList());
        for (int side : available) {
            assertPhoto(idOf(side), side, side, groupAdmin.groups().byGroupId(id).photos().byProfilePhotoId(side + "x" + side).get());
            assertImage(side, side, groupAdmin.groups().byGroupId(id).photos().byProfilePhotoId(side + "x" + side).content().get());
        }

        // the team of that group shows the same photo (the SDK has teams().byTeamId().photo(): get, content get/put)
        GraphServiceClient teamOwner = graph(t.delegated(t.unknownUser("teamowner"), "TeamSettings.ReadWrite.All"));
        ProfilePhoto teamPhoto = teamOwner.teams().byTeamId(id).photo().get();
        assertPhoto("360X360", 360, 360, teamPhoto);
        assertEquals(mediaEtag(photo), mediaEtag(teamPhoto), "team and group photo differ");
        assertImage(360, 360, teamOwner.teams().byTeamId(id).photo().content().get());
        teamOwner.teams().byTeamId(id).photo().content().put(new ByteArrayInputStream(TestImages.jpeg(100, 120)));
        assertPhoto("96X96", 96, 96, groupAdmin.groups().byGroupId(id).photo().get());
        assertImage(96, 96, groupAdmin.groups().byGroupId(id).photo().content().get());

        // DELETE groups/{id}/photo
        groupAdmin.groups().byGroupId(id).photo().delete();
        assertGraphError(404, "ImageNotFound", () -> groupAdmin.groups().byGroupId(id).photo().content().get());
        assertGraphError(404, "ImageNotFound", () -> teamOwner.teams().byTeamId(id).photo().content().get());

        admin.groups().byGroupId(id).delete();
        assertGraphError(404, "Request_ResourceNotFound", () -> admin.groups().byGroupId(id).get());
        assertGraphError(404, "Request_ResourceNotFound", () -> groupAdmin.groups().byGroupId(id).photo().get());
    }

    // ------------------------------------------------------------------ contacts and contact folders

    @Test
    void myContactsAndContactFoldersWithPhotos() {
        Tenant t = tenant();
        GraphServiceClient graph = graph(t.delegated(t.unknownUser("carol"), "Contacts.ReadWrite"));

        Contact contact = graph.me().contacts().post(contact("Dana", "Lopez"));
        assertNotNull(contact, "POST /me/contacts returned no entity");
        String contactId = contact.getId();
        assertNotNull(contactId);
        assertEquals("Dana Lopez", contact.getDisplayName());
        assertTrue(ids(graph.me().contacts().get().getValue()).contains(contactId), "contacts().get() misses the contact");
        Contact read = graph.me().contacts().byContactId(contactId).get();
        assertEquals("Dana", read.getGivenName());
        assertEquals("Lopez", read.getSurname());
        assertEquals("dana.lopez@partner.example.org", read.getEmailAddresses().get(0).getAddress());

        graph.me().contacts().byContactId(contactId).photo().content().put(new ByteArrayInputStream(TestImages.jpeg(160, 120)));
        assertPhoto("120X120", 120, 120, graph.me().contacts().byContactId(contactId).photo().get());
        assertImage(120, 120, graph.me().contacts().byContactId(contactId).photo().content().get());

        // a folder and a contact in it
        ContactFolder folderDraft = new ContactFolder();
        folderDraft.setDisplayName("Partners");
        ContactFolder folder = graph.me().contactFolders().post(folderDraft);
        assertNotNull(folder, "POST /me/contactFolders returned no entity");
        String folderId = folder.getId();
        assertNotNull(folderId);
        assertEquals("Partners", folder.getDisplayName());
        assertTrue(ids(graph.me().contactFolders().get().getValue()).contains(folderId), "contactFolders().get() misses the folder");

        Contact inFolder = graph.me().contactFolders().byContactFolderId(folderId).contacts().post(contact("Erin", "Hill"));
        String inFolderId = inFolder.getId();
        assertNotNull(inFolderId);
        assertEquals(List.of(inFolderId), ids(graph.me().contactFolders().byContactFolderId(folderId).contacts().get().getValue()));
        assertEquals("Erin Hill", graph.me().contactFolders().byContactFolderId(folderId).contacts().byContactId(inFolderId)
                .get().getDisplayName());

        var folderContactPhoto = graph.me().contactFolders().byContactFolderId(folderId).contacts().byContactId(inFolderId).photo();
        folderContactPhoto.content().put(new ByteArrayInputStream(TestImages.png(64, 80, Color.ORANGE)));
        assertPhoto("64X64", 64, 64, folderContactPhoto.get());
        assertImage(64, 64, folderContactPhoto.content().get());
        folderContactPhoto.content().delete();
        assertGraphError(404, "ImageNotFound", () -> folderContactPhoto.content().get());
        assertPhoto("1X1", 1, 1, folderContactPhoto.get());

        // deleting a contact and a folder
        graph.me().contacts().byContactId(contactId).delete();
        assertGraphError(404, "Request_ResourceNotFound", () -> graph.me().contacts().byContactId(contactId).get());
        assertGraphError(404, "Request_ResourceNotFound", () -> graph.me().contacts().byContactId(contactId).photo().content().get());
        graph.me().contactFolders().byContactFolderId(folderId).delete();
        assertGraphError(404, "Request_ResourceNotFound", () -> graph.me().contactFolders().byContactFolderId(folderId).get());
        assertGraphError(404, "Request_ResourceNotFound", () -> folderContactPhoto.get());
    }

    @Test
    void anApplicationManagesAUsersContactsAndTheirPhotos() {
        Tenant t = tenant();
        User user = createUser(graph(t.adminToken()), t, "Isaiah Langer");
        GraphServiceClient app = graph(t.app("Contacts.ReadWrite"));

        String contactId = app.users().byUserId(user.getId()).contacts().post(contact("Frank", "Miller")).getId();
        app.users().byUserId(user.getId()).contacts().byContactId(contactId).photo().content()
                .put(new ByteArrayInputStream(TestImages.jpeg(250, 250)));
        assertPhoto("240X240", 240, 240, app.users().byUserId(user.getId()).contacts().byContactId(contactId).photo().get());
        assertImage(240, 240, app.users().byUserId(user.getUserPrincipalName()).contacts().byContactId(contactId).photo()
                .content().get());

        String folderId = app.users().byUserId(user.getUserPrincipalName()).contactFolders().post(folder("Suppliers")).getId();
        assertTrue(ids(app.users().byUserId(user.getId()).contactFolders().get().getValue()).contains(folderId));
        String inFolderId = app.users().byUserId(user.getId()).contactFolders().byContactFolderId(folderId).contacts()
                .post(contact("Grace", "Hopper")).getId();
        var photo = app.users().byUserId(user.getUserPrincipalName()).contactFolders().byContactFolderId(folderId)
                .contacts().byContactId(inFolderId).photo();
        photo.content().put(new ByteArrayInputStream(TestImages.jpeg(50, 50)));
        assertPhoto("48X48", 48, 48, photo.get());
        assertImage(48, 48, photo.content().get());

        // an application has no /me
        assertGraphError(400, "BadRequest", () -> app.me().get());
    }

    // ------------------------------------------------------------------ errors, as the SDK parses them

    @Test
    void errorsArriveAsODataErrorsWithCodeMessageAndInnerError() {
        Tenant t = tenant();
        Tenant.User megan = t.unknownUser("megan");
        GraphServiceClient graph = graph(t.delegated(megan, "User.ReadWrite"));

        // 403: a valid token without a scope that allows the operation
        GraphServiceClient noPhotoScope = graph(t.delegated(megan, "Calendars.Read"));
        assertGraphError(403, "ErrorAccessDenied", () -> noPhotoScope.me().photo().get());
        assertGraphError(403, "ErrorAccessDenied", () -> noPhotoScope.me().photo().content()
                .put(new ByteArrayInputStream(TestImages.jpeg(100, 100))));

        // 401: the container's own refusal is Graph-shaped too
        GraphServiceClient expired = graph(TestTokens.delegated(t.id(), megan.id(), megan.upn(), "User.ReadWrite").expired().build());
        ODataError unauthorized = assertGraphError(401, "InvalidAuthenticationToken", () -> expired.me().photo().get());
        assertTrue(unauthorized.getResponseHeaders().get("WWW-Authenticate").stream().anyMatch(h -> h.startsWith("Bearer")),
                () -> "no WWW-Authenticate: Bearer in " + unauthorized.getResponseHeaders());
        GraphServiceClient foreign = graph(TestTokens.delegated(t.id(), megan.id(), megan.upn(), "User.ReadWrite")
                .signedWithForeignKey().build());
        assertGraphError(401, "InvalidAuthenticationToken", () -> foreign.me().photo().content().get());

        // 400 InvalidImage for a corrupt or truncated upload; the previous photo stays
        graph.me().photo().content().put(new ByteArrayInputStream(TestImages.jpeg(100, 100)));
        ProfilePhoto before = graph.me().photo().get();
        assertGraphError(400, "InvalidImage", () -> graph.me().photo().content()
                .put(new ByteArrayInputStream("this is not an image".getBytes(StandardCharsets.UTF_8))));
        assertGraphError(400, "InvalidImage", () -> graph.me().photo().content()
                .put(new ByteArrayInputStream(TestImages.truncated(TestImages.jpeg(600, 600)))));
        ProfilePhoto after = graph.me().photo().get();
        assertPhoto(before.getId(), before.getWidth(), before.getHeight(), after);
        assertEquals(mediaEtag(before), mediaEtag(after), "a refused upload changed the photo");

        // 400 BadRequest: a malformed size, and a query option Portrait does not support ($expand, an SDK option)
        assertGraphError(400, "BadRequest", () -> graph.me().photos().byProfilePhotoId("abc").get());
        assertGraphError(400, "BadRequest", () -> graph.me().photo().get(r -> r.queryParameters.expand = new String[]{"x"}));

        // 404 Request_ResourceNotFound: an unknown user, and a user of another tenant
        GraphServiceClient admin = graph(t.adminToken());
        assertGraphError(404, "Request_ResourceNotFound", () -> admin.users().byUserId(UUID.randomUUID().toString()).photo().get());
        Tenant other = tenant();
        User stranger = createUser(graph(other.adminToken()), other, "Stranger");
        assertGraphError(404, "Request_ResourceNotFound", () -> admin.users().byUserId(stranger.getId()).photo().get());

        // request configuration: an explicit Content-Type replaces the SDK's application/octet-stream
        graph.me().photo().content().put(new ByteArrayInputStream(TestImages.jpeg(64, 64)),
                r -> r.headers.add("Content-Type", "image/jpeg"));
        assertPhoto("64X64", 64, 64, graph.me().photo().get());
        assertGraphError(415, "UnsupportedMediaType", () -> graph.me().photo().content()
                .put(new ByteArrayInputStream(TestImages.jpeg(64, 64)), r -> r.headers.add("Content-Type", "text/html")));
    }

    /**
     * The SDK's own JSON batching (graph-java-core's {@code BatchRequestContent} and {@code BatchResponseContent}): a
     * user, the user's photo and a user without a photo (404 inside the batch), built from the fluent API's request
     * information, as a Graph application batches. (Uploads are left out: graph-java-core 3.6.6 writes a binary
     * body into the batch as UTF-8 text rather than base64, which no Graph service can read back.)
     */
    @Test
    void theSdksBatchFetchesUsersWithTheirPhotos() throws IOException {
        Tenant t = tenant();
        GraphServiceClient admin = graph(t.adminToken());
        User ada = createUser(admin, t, "Ada");
        User bob = createUser(admin, t, "Bob");
        admin.users().byUserId(ada.getId()).photo().content().put(new ByteArrayInputStream(TestImages.jpeg(200, 200)));

        BatchRequestContent batch = new BatchRequestContent(admin);
        String user = batch.addBatchRequestStep(admin.users().byUserId(ada.getId()).toGetRequestInformation());
        String photo = batch.addBatchRequestStep(
                admin.users().byUserId(ada.getId()).photos().byProfilePhotoId("48x48").content().toGetRequestInformation());
        String none = batch.addBatchRequestStep(admin.users().byUserId(bob.getId()).photo().content().toGetRequestInformation());

        BatchResponseContent answer = admin.getBatchRequestBuilder().post(batch, null);
        assertEquals(ada.getId(), answer.getResponseById(user, User::createFromDiscriminatorValue).getId());
        assertEquals(200, answer.getResponsesStatusCode().get(photo));
        // Graph answers image bytes inside a batch as a base64 string, and the SDK hands on that JSON string as it is.
        String body = new String(answer.getResponseStreamById(photo).readAllBytes(), StandardCharsets.UTF_8);
        byte[] bytes = Base64.getDecoder().decode(((jakarta.json.JsonString) Api.JSON.createReader(new java.io.StringReader(body))
                .readValue()).getString());
        assertImage(48, 48, new ByteArrayInputStream(bytes));
        assertEquals(404, answer.getResponsesStatusCode().get(none));
    }

    // ------------------------------------------------------------------ helpers

    private User createUser(GraphServiceClient admin, Tenant t, String name) {
        String upn = name.toLowerCase().replace(' ', '.') + "." + UUID.randomUUID().toString().substring(0, 6) + "@" + t.domain();
        User draft = new User();
        draft.setDisplayName(name);
        draft.setUserPrincipalName(upn);
        draft.setMail(upn);
        User created = admin.users().post(draft);
        assertNotNull(created, "POST /users returned no entity");
        assertNotNull(created.getId());
        return created;
    }

    private static Contact contact(String givenName, String surname) {
        Contact contact = new Contact();
        contact.setGivenName(givenName);
        contact.setSurname(surname);
        contact.setDisplayName(givenName + " " + surname);
        EmailAddress address = new EmailAddress();
        address.setAddress((givenName + "." + surname).toLowerCase() + "@partner.example.org");
        address.setName(givenName + " " + surname);
        contact.setEmailAddresses(List.of(address));
        contact.setBusinessPhones(List.of("+1 555 0100"));
        return contact;
    }

    private static ContactFolder folder(String name) {
        ContactFolder folder = new ContactFolder();
        folder.setDisplayName(name);
        return folder;
    }

    private static List<String> ids(List<? extends Entity> entities) {
        assertNotNull(entities, "collection without value");
        return entities.stream().map(Entity::getId).toList();
    }

    /** The HD sizes an upload with this shorter side makes available. */
    private static int[] sizesUpTo(int shortSide) {
        return Arrays.stream(HD).filter(s -> s <= shortSide).toArray();
    }

    private static String idOf(int side) {
        return side + "X" + side;
    }

    private static List<String> idsOf(int[] sides) {
        return IntStream.of(sides).mapToObj(GraphSdkIT::idOf).toList();
    }

    private static void assertPhoto(String id, int width, int height, ProfilePhoto photo) {
        assertNotNull(photo, "no ProfilePhoto");
        assertEquals(id, photo.getId(), "ProfilePhoto id");
        assertEquals(width, photo.getWidth(), () -> "width of " + photo.getId());
        assertEquals(height, photo.getHeight(), () -> "height of " + photo.getId());
    }

    /** {@code @odata.mediaEtag}: no property of the SDK's ProfilePhoto, so Kiota keeps it in the additional data. */
    private static String mediaEtag(ProfilePhoto photo) {
        Object etag = photo.getAdditionalData().get("@odata.mediaEtag");
        assertNotNull(etag, () -> "no @odata.mediaEtag in " + photo.getAdditionalData());
        return etag.toString();
    }

    /** Decodes the bytes the SDK returned with ImageIO and checks the dimensions. */
    private static void assertImage(int width, int height, InputStream content) {
        assertNotNull(content, "the SDK returned no content");
        byte[] bytes;
        try (content) {
            bytes = content.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertTrue(TestImages.isJpeg(bytes), "photo bytes are not a JPEG");
        BufferedImage image = TestImages.decode(bytes);
        assertEquals(width + "x" + height, image.getWidth() + "x" + image.getHeight(), "decoded photo dimensions");
    }

    private static void assertGuid(String id) {
        assertNotNull(id, "no id");
        try {
            UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            fail("id " + id + " is not a GUID");
        }
    }

    /**
     * The call fails with the SDK's {@link ODataError}: status, {@code error.code}, a message, and an innerError with
     * the {@code request-id} of the response, the {@code client-request-id} the SDK sent, and a current UTC date.
     */
    private static ODataError assertGraphError(int status, String code, Executable call) {
        ODataError e = assertThrows(ODataError.class, call, () -> "expected " + status + " " + code);
        assertEquals(status, e.getResponseStatusCode(), () -> "status of " + describe(e));
        MainError error = e.getError();
        assertNotNull(error, () -> "the SDK parsed no error object: " + describe(e));
        assertEquals(code, error.getCode(), () -> "error.code of " + describe(e));
        assertFalse(error.getMessage() == null || error.getMessage().isBlank(), () -> "no error.message: " + describe(e));
        assertEquals(error.getMessage(), e.getMessage(), "ODataError.getMessage() is error.message");

        InnerError inner = error.getInnerError();
        assertNotNull(inner, () -> "the SDK parsed no innerError: " + describe(e));
        assertNotNull(inner.getRequestId(), () -> "no innerError.request-id: " + describe(e));
        assertEquals(Set.of(inner.getRequestId()), e.getResponseHeaders().get("request-id"),
                () -> "innerError.request-id vs the request-id header: " + describe(e));
        String sent = WIRE.last().requestHeaders().get("client-request-id");
        assertNotNull(sent, "the SDK sent no client-request-id");
        assertEquals(sent, inner.getClientRequestId(), () -> "innerError.client-request-id: " + describe(e));
        OffsetDateTime date = inner.getDate();
        assertNotNull(date, () -> "no innerError.date: " + describe(e));
        assertTrue(Duration.between(date, OffsetDateTime.now()).abs().toMinutes() < 5,
                () -> "innerError.date " + date + " is not now (UTC): " + describe(e));
        return e;
    }

    private static String describe(ODataError e) {
        MainError error = e.getError();
        return e.getResponseStatusCode() + " " + (error == null ? "<no error>" : error.getCode() + " '" + error.getMessage()
                + "' innerError=" + (error.getInnerError() == null ? null : error.getInnerError().getBackingStore().enumerate()))
                + " headers=" + e.getResponseHeaders() + "\nlast exchange: " + WIRE.last();
    }
}
