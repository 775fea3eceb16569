package org.portrait.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.portrait.it.Tenant.User;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.portrait.it.Api.JSON;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.it.GraphAssertions.assertError;
import static org.portrait.it.GraphAssertions.assertJson;
import static org.portrait.it.GraphAssertions.assertJsonContentType;
import static org.portrait.it.GraphAssertions.assertOneByOne;
import static org.portrait.it.GraphAssertions.assertPhotoMetadata;
import static org.portrait.it.GraphAssertions.assertRequestId;
import static org.portrait.it.GraphAssertions.assertStatus;
import static org.portrait.it.GraphAssertions.assertUnauthorized;
import static org.portrait.it.GraphAssertions.intOf;

/**
 * The HTTP contract (docs/api.md), black-box, against the built WAR on Payara Micro.
 * <p>
 * Every test makes its own tenant (random {@code tid}), so tests share nothing and may run in any order.
 */
@ExtendWith(ArquillianExtension.class)
class ApiIT {

    static final int[] HD = BuiltWar.HD;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return BuiltWar.archive();
    }

    @ArquillianResource
    URL base;

    private Api api;

    private Api api() {
        if (api == null) {
            api = Api.at(base);
        }
        return api;
    }

    private Tenant tenant() {
        return new Tenant(api());
    }

    // ------------------------------------------------------------------ owners of photos, one per kind

    /**
     * Where a photo lives and a token allowed to read and write it.
     *
     * @param path          owner path P without version, e.g. {@code users/{id}}
     * @param contextEntity exact OData entity of {@code @odata.context} (e.g. {@code users('id')}), or null when the
     *                      contract leaves it open; then {@code mark} must appear in it
     * @param odataId       exact entity of {@code @odata.id} (before {@code /photo}), or null: then {@code mark}
     */
    record Owner(String path, String token, String contextEntity, String odataId, String mark) {
    }

    enum OwnerKind {
        ME {
            Owner create(Tenant t) {
                User me = t.unknownUser("me");
                return new Owner("me", t.delegated(me, "User.ReadWrite"), "Me", directoryId(me, t), me.id());
            }
        },
        USER_BY_ID {
            Owner create(Tenant t) {
                User user = t.createUser("byid");
                return new Owner("users/" + user.id(), t.adminToken(), "users('" + user.id() + "')",
                        directoryId(user, t), user.id());
            }
        },
        USER_BY_UPN {
            Owner create(Tenant t) {
                User user = t.createUser("Alice");
                String token = t.delegated(t.unknownUser("photoadmin"), "ProfilePhoto.ReadWrite.All");
                return new Owner("users/" + mixedCase(user.upn()).replace("@", "%40"), token, null,
                        directoryId(user, t), "users('");
            }
        },
        GROUP {
            Owner create(Tenant t) {
                String group = t.createGroup("Sales");
                String token = t.delegated(t.unknownUser("groupadmin"), "Group.ReadWrite.All");
                return new Owner("groups/" + group, token, "groups('" + group + "')", null, group);
            }
        },
        TEAM {
            Owner create(Tenant t) {
                String group = t.createGroup("Team Blue");
                String token = t.delegated(t.unknownUser("teamowner"), "TeamSettings.ReadWrite.All");
                return new Owner("teams/" + group, token, null, null, group);
            }
        },
        MY_CONTACT {
            Owner create(Tenant t) {
                String token = t.delegated(t.unknownUser("contactowner"), "Contacts.ReadWrite");
                String contact = t.createContact("me", token, "Carol");
                return new Owner("me/contacts/" + contact, token, null, null, "contacts('" + contact + "')");
            }
        },
        USER_CONTACT {
            Owner create(Tenant t) {
                User user = t.createUser("contactowner");
                String token = t.app("Contacts.ReadWrite");
                String contact = t.createContact("users/" + user.id(), token, "Dave");
                return new Owner("users/" + user.id() + "/contacts/" + contact, token, null, null,
                        "contacts('" + contact + "')");
            }
        },
        MY_FOLDER_CONTACT {
            Owner create(Tenant t) {
                String token = t.delegated(t.unknownUser("folderowner"), "Contacts.ReadWrite");
                String folder = t.createFolder("me", token, "Partners");
                String contact = t.createFolderContact("me", folder, token, "Erin");
                return new Owner("me/contactFolders/" + folder + "/contacts/" + contact, token, null, null,
                        "contacts('" + contact + "')");
            }
        },
        USER_FOLDER_CONTACT {
            Owner create(Tenant t) {
                User user = t.createUser("folderowner");
                String token = t.app("Contacts.ReadWrite");
                String folder = t.createFolder("users/" + user.id(), token, "Suppliers");
                String contact = t.createFolderContact("users/" + user.id(), folder, token, "Frank");
                // the reference page's spelling: lower-case "contactfolders", and the owner by UPN
                return new Owner("users/" + user.upn() + "/contactfolders/" + folder + "/contacts/" + contact, token,
                        null, null, "contacts('" + contact + "')");
            }
        };

        abstract Owner create(Tenant tenant);

        static String directoryId(User user, Tenant t) {
            return "users('" + user.id() + "@" + t.id() + "')";
        }
    }

    static String mixedCase(String upn) {
        int at = upn.indexOf('@');
        return upn.substring(0, 1).toUpperCase() + upn.substring(1, at) + "@" + upn.substring(at + 1).toUpperCase();
    }

    static Stream<Arguments> versionsAndOwners() {
        return Stream.of("v1.0", "beta").flatMap(v -> Arrays.stream(OwnerKind.values()).map(k -> Arguments.of(v, k)));
    }

    // ------------------------------------------------------------------ every operation of docs/api.md §1, every owner

    /**
     * Every row of the operation table for one owner: empty state, upload (v1.0: PUT image/jpeg; beta: PATCH
     * application/octet-stream as the Java SDK does), every size's metadata and bytes, the original, unavailable
     * sizes, a wrong method, and delete (v1.0: DELETE photo/$value; beta: DELETE photo).
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("versionsAndOwners")
    void everyOperationOnEveryOwner(String version, OwnerKind kind) {
        Tenant tenant = tenant();
        Owner owner = kind.create(tenant);
        String base = api().origin() + "/" + version;
        String p = "/" + version + "/" + owner.path();
        boolean v1 = version.equals("v1.0");

        // no photo yet
        JsonObject empty = assertJson(get(p + "/photo", owner.token()));
        assertOneByOne(empty);
        assertContext(empty, owner, base, "/photo/$entity");
        assertOdataId(empty, owner, base);
        JsonObject emptyList = assertJson(get(p + "/photos", owner.token()));
        assertEquals(0, emptyList.getJsonArray("value").size(), emptyList::toString);
        assertTrue(emptyList.getString("@odata.context", "").startsWith(base + "/$metadata#"), emptyList::toString);
        assertError(404, "ImageNotFound", get(p + "/photo/$value", owner.token()));
        assertOneByOne(assertJson(get(p + "/photos/48x48", owner.token())));
        assertError(404, "ImageNotFound", get(p + "/photos/48x48/$value", owner.token()));

        // upload
        byte[] jpeg = TestImages.jpeg(700, 650, Color.RED);
        Api.Response uploaded = v1
                ? api().put(p + "/photo/$value", jpeg, "image/jpeg").bearer(owner.token()).send()
                : api().patch(p + "/photo/$value", jpeg, "application/octet-stream").bearer(owner.token()).send();
        assertStatus(200, uploaded);
        assertEquals(0, uploaded.body().length, () -> "upload must answer an empty body: " + uploaded);

        // photos: the nine HD sizes, smallest first
        JsonObject list = assertJson(get(p + "/photos", owner.token()));
        JsonArray value = list.getJsonArray("value");
        assertEquals(HD.length, value.size(), list::toString);
        Map<Integer, String> etags = new LinkedHashMap<>();
        for (int i = 0; i < HD.length; i++) {
            etags.put(HD[i], assertPhotoMetadata(value.getJsonObject(i), HD[i], HD[i]));
        }
        assertEquals(HD.length, new HashSet<>(etags.values()).size(), () -> "ETags must differ per size: " + etags);

        // photo: the largest
        JsonObject largest = assertJson(get(p + "/photo", owner.token()));
        assertEquals(etags.get(648), assertPhotoMetadata(largest, 648, 648));
        assertContext(largest, owner, base, "/photo/$entity");
        assertOdataId(largest, owner, base);

        // each size: metadata, bytes, caching headers
        for (int size : HD) {
            String s = size + "x" + size;
            JsonObject metadata = assertJson(get(p + "/photos/" + s, owner.token()));
            assertEquals(etags.get(size), assertPhotoMetadata(metadata, size, size));
            assertContext(metadata, owner, base, "/photos/$entity");
            Api.Response bytes = get(p + "/photos/" + s + "/$value", owner.token());
            assertImageResponse(bytes, etags.get(size), size, size);
            assertTrue(TestImages.near(Color.RED, TestImages.centre(TestImages.decode(bytes.body())), 40),
                    () -> s + " is not centred on the upload's centre");
        }
        byte[] largestBytes = assertImageResponse(get(p + "/photo/$value", owner.token()), etags.get(648), 648, 648);
        assertArrayEquals(largestBytes, get(p + "/photos/648x648/$value", owner.token()).body());
        // Graph's v1.0 page form: photo/{size}/$value
        assertArrayEquals(get(p + "/photos/48x48/$value", owner.token()).body(),
                assertImageResponse(get(p + "/photo/48x48/$value", owner.token()), etags.get(48), 48, 48));

        // the original at its own dimensions
        JsonObject original = assertJson(get(p + "/photos/700x650", owner.token()));
        String originalEtag = assertPhotoMetadata(original, 700, 650);
        assertImageResponse(get(p + "/photos/700x650/$value", owner.token()), originalEtag, 700, 650);

        // a well-formed size that is not available
        assertOneByOne(assertJson(get(p + "/photos/1000x1000", owner.token())));
        assertError(404, "ImageNotFound", get(p + "/photos/1000x1000/$value", owner.token()));

        // any other method
        assertError(405, "MethodNotAllowed",
                api().request("POST", p + "/photo/$value").body(jpeg, "image/jpeg").bearer(owner.token()).send());

        // delete
        Api.Response deleted = api().delete(p + (v1 ? "/photo/$value" : "/photo")).bearer(owner.token()).send();
        assertStatus(204, deleted);
        assertOneByOne(assertJson(get(p + "/photo", owner.token())));
        assertEquals(0, assertJson(get(p + "/photos", owner.token())).getJsonArray("value").size());
        assertError(404, "ImageNotFound", get(p + "/photo/$value", owner.token()));
        assertError(404, "ImageNotFound", get(p + "/photos/48x48/$value", owner.token()));
        assertOneByOne(assertJson(get(p + "/photos/48x48", owner.token())));
    }

    @Test
    void teamPhotoIsTheGroupPhoto() {
        Tenant t = tenant();
        String group = t.createGroup("Engineering");
        upload("/v1.0/groups/" + group, t.adminToken(), TestImages.jpeg(300, 300));
        String reader = t.delegated(t.unknownUser("reader"), "Group.Read.All");
        Map<String, String> groupEtags = etags("/v1.0/groups/" + group, reader);
        assertEquals(groupEtags, etags("/v1.0/teams/" + group, reader));
        assertArrayEquals(value("/v1.0/groups/" + group + "/photo/$value", reader),
                value("/v1.0/teams/" + group + "/photo/$value", reader));

        // and an upload through teams/ changes the group's photo
        String teamOwner = t.delegated(t.unknownUser("owner"), "TeamSettings.ReadWrite.All");
        upload("/beta/teams/" + group, teamOwner, TestImages.jpeg(120, 120, Color.GREEN));
        assertEquals(List.of("48X48", "64X64", "96X96", "120X120"),
                new ArrayList<>(etags("/v1.0/groups/" + group, reader).keySet()));
    }

    // ------------------------------------------------------------------ sizes (docs/api.md §2)

    @Test
    void aSmallUploadOnlyHasTheSizesItCovers() {
        Tenant t = tenant();
        User me = t.unknownUser("small");
        String token = t.delegated(me, "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.png(100, 100, Color.BLUE));

        assertEquals(List.of("48X48", "64X64", "96X96"), new ArrayList<>(etags("/v1.0/me", token).keySet()));
        assertPhotoMetadata(assertJson(get("/v1.0/me/photo", token)), 96, 96);
        assertImageResponse(get("/v1.0/me/photo/$value", token), null, 96, 96);
        assertImageResponse(get("/v1.0/me/photos/100x100/$value", token), null, 100, 100);
        assertOneByOne(assertJson(get("/v1.0/me/photos/120x120", token)));
        assertError(404, "ImageNotFound", get("/v1.0/me/photos/120x120/$value", token));
    }

    @Test
    void aSquareUploadMakesEverySizeUpToItsSide() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("square"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(504, 504));
        assertEquals(List.of("48X48", "64X64", "96X96", "120X120", "240X240", "360X360", "432X432", "504X504"),
                new ArrayList<>(etags("/v1.0/me", token).keySet()));
        assertPhotoMetadata(assertJson(get("/v1.0/me/photo", token)), 504, 504);
        assertError(404, "ImageNotFound", get("/v1.0/me/photos/648x648/$value", token));
    }

    @Test
    void anUploadSmallerThan48HasOnlyTheOriginal() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("tiny"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(30, 20));

        JsonArray value = assertJson(get("/v1.0/me/photos", token)).getJsonArray("value");
        assertEquals(1, value.size(), value::toString);
        String etag = assertPhotoMetadata(value.getJsonObject(0), 30, 20);
        assertEquals(etag, assertPhotoMetadata(assertJson(get("/v1.0/me/photo", token)), 30, 20));
        assertImageResponse(get("/v1.0/me/photo/$value", token), etag, 30, 20);
        assertImageResponse(get("/v1.0/me/photos/30x20/$value", token), etag, 30, 20);
        assertOneByOne(assertJson(get("/v1.0/me/photos/48x48", token)));
        assertError(404, "ImageNotFound", get("/v1.0/me/photos/48x48/$value", token));
    }

    @Test
    void theOriginalIsCappedTo2048() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("large"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(3000, 1500));
        assertEquals(HD.length, etags("/v1.0/me", token).size());
        assertPhotoMetadata(assertJson(get("/v1.0/me/photos/2048x1024", token)), 2048, 1024);
        assertImageResponse(get("/v1.0/me/photos/2048x1024/$value", token), null, 2048, 1024);
        assertOneByOne(assertJson(get("/v1.0/me/photos/3000x1500", token)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0x0", "48", "48x", "x48", "-48x-48", "48x48x48"})
    void malformedSizesAreBadRequests(String size) {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("sizes"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(100, 100));
        assertError(400, "BadRequest", get("/v1.0/me/photos/" + size, token));
        assertError(400, "BadRequest", get("/v1.0/me/photos/" + size + "/$value", token));
        assertError(400, "BadRequest", get("/beta/me/photo/" + size + "/$value", token));
    }

    @Test
    void theSizeSeparatorIsCaseInsensitive() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("upper"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(100, 100));
        assertPhotoMetadata(assertJson(get("/v1.0/me/photos/64X64", token)), 64, 64);
        assertArrayEquals(value("/v1.0/me/photos/64x64/$value", token), value("/v1.0/me/photos/64X64/$value", token));
    }

    // ------------------------------------------------------------------ metadata JSON (docs/api.md §3)

    @Test
    void selectReturnsOnlyTheSelectedProperties() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("select"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(100, 100));
        JsonObject selected = assertJson(get("/v1.0/me/photo?$select=id,width", token));
        assertEquals(Set.of("@odata.context", "id", "width"), selected.keySet(), selected::toString);
        assertEquals("96X96", selected.getString("id"));
        assertEquals(96, intOf(selected, "width"));

        JsonObject sized = assertJson(get("/v1.0/me/photos/48x48?%24select=height", token));
        assertEquals(Set.of("@odata.context", "height"), sized.keySet(), sized::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"$expand=photo", "$filter=width%20eq%2048", "$select=id,nope", "$orderby=id", "$top=1"})
    void unsupportedQueryOptionsAreBadRequests(String query) {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("query"), "User.ReadWrite");
        assertError(400, "BadRequest", get("/v1.0/me/photo?" + query, token));
    }

    @Test
    void pathKeywordsAreCaseInsensitiveAndSegmentsPercentDecoded() {
        Tenant t = tenant();
        User user = t.createUser("casey");
        String token = t.delegated(user, "User.ReadWrite", "Contacts.ReadWrite");
        String folder = t.createFolder("me", token, "Friends");
        String contact = t.createFolderContact("me", folder, token, "Gina");
        upload("/v1.0/me", token, TestImages.jpeg(100, 100));
        upload("/v1.0/me/contactFolders/" + folder + "/contacts/" + contact, token, TestImages.jpeg(64, 64));

        byte[] mine = value("/v1.0/me/photo/$value", token);
        assertArrayEquals(mine, value("/v1.0/ME/PHOTO/$value", token));
        assertArrayEquals(mine, value("/v1.0/Users/" + user.id() + "/Photo/$value", token));
        assertArrayEquals(mine, value("/v1.0/users/" + user.id().replace("-", "%2D") + "/photo/$value", token));
        assertArrayEquals(mine, value("/v1.0/users/" + user.upn() + "/photo/$value", token));
        assertArrayEquals(mine, value("/v1.0/users/" + user.upn().replace("@", "%40") + "/photo/$value", token));
        assertArrayEquals(mine, value("/v1.0/users/" + user.upn().toUpperCase().replace("@", "%40") + "/photo/$value", token));
        assertEquals(3, assertJson(get("/v1.0/Me/Photos", token)).getJsonArray("value").size());

        String contactPhoto = "/contacts/" + contact + "/photo/$value";
        byte[] theirs = value("/v1.0/me/contactFolders/" + folder + contactPhoto, token);
        assertArrayEquals(theirs, value("/v1.0/me/contactfolders/" + folder + contactPhoto, token));
        assertArrayEquals(theirs, value("/v1.0/me/CONTACTFOLDERS/" + folder + "/Contacts/" + contact + "/photo/$value", token));
        assertArrayEquals(theirs, value("/beta/users/" + user.upn().replace("@", "%40") + "/contactfolders/" + folder + contactPhoto, token));
    }

    // ------------------------------------------------------------------ upload (docs/api.md §4)

    @ParameterizedTest
    @ValueSource(strings = {"png", "gif", "bmp", "jpg"})
    void everyReadableFormatIsStoredAsJpeg(String format) {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser(format), "User.ReadWrite");
        String type = format.equals("jpg") ? "image/jpeg" : "image/" + format;
        assertStatus(200, api().put("/v1.0/me/photo/$value", TestImages.image(format, 130, 90, Color.BLUE), type)
                .bearer(token).send());
        Map<String, String> etags = etags("/v1.0/me", token);
        assertEquals(List.of("48X48", "64X64"), new ArrayList<>(etags.keySet()));
        for (Map.Entry<String, byte[]> size : allBytes("/v1.0/me", token, etags).entrySet()) {
            Color centre = TestImages.centre(TestImages.decode(size.getValue()));
            assertTrue(TestImages.near(Color.BLUE, centre, 40), () -> size.getKey() + " centre is " + centre);
        }
        assertImageResponse(get("/v1.0/me/photos/130x90/$value", token), null, 130, 90);
    }

    @Test
    void alphaIsFlattenedOnWhite() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("alpha"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.transparentPng(64, 64));
        BufferedImage stored = TestImages.decode(assertImageResponse(get("/v1.0/me/photos/64x64/$value", token), null, 64, 64));
        assertTrue(TestImages.near(Color.WHITE, TestImages.centre(stored), 8),
                () -> "transparent pixels must become white, got " + TestImages.centre(stored));
    }

    @Test
    void exifOrientationIsAppliedAndMetadataDropped() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("exif"), "User.ReadWrite");
        String comment = "portrait-secret-comment";
        // 200x100 stored with orientation 6: displayed rotated 90 degrees clockwise, i.e. 100x200,
        // and the red square of the stored top-left corner shows at the top-right
        upload("/v1.0/me", token, TestImages.jpegWithExif(200, 100, 6, comment));

        assertOneByOne(assertJson(get("/v1.0/me/photos/200x100", token)));
        assertPhotoMetadata(assertJson(get("/v1.0/me/photos/100x200", token)), 100, 200);
        byte[] original = assertImageResponse(get("/v1.0/me/photos/100x200/$value", token), null, 100, 200);
        BufferedImage upright = TestImages.decode(original);
        assertTrue(TestImages.near(Color.RED, new Color(upright.getRGB(90, 10)), 60),
                () -> "top-right should be red, is " + new Color(upright.getRGB(90, 10)));
        assertTrue(TestImages.near(Color.WHITE, new Color(upright.getRGB(10, 10)), 30),
                () -> "top-left should be white, is " + new Color(upright.getRGB(10, 10)));

        for (String size : List.of("48x48", "96x96", "100x200")) {
            byte[] stored = value("/v1.0/me/photos/" + size + "/$value", token);
            assertFalse(TestImages.contains(stored, comment.getBytes(StandardCharsets.US_ASCII)), size + " kept the comment");
            assertFalse(TestImages.contains(stored, "Exif\0\0".getBytes(StandardCharsets.US_ASCII)), size + " kept EXIF");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"multipart/form-data; boundary=xyz", "application/x-www-form-urlencoded", "text/html", "application/xml"})
    void otherContentTypesAreUnsupported(String contentType) {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("types"), "User.ReadWrite");
        assertError(415, "UnsupportedMediaType",
                api().put("/v1.0/me/photo/$value", TestImages.jpeg(100, 100), contentType).bearer(token).send());
        assertOneByOne(assertJson(get("/v1.0/me/photo", token)));
    }

    /** The Graph JavaScript client declares JSON when its caller sets no type: image bytes are taken as an image. */
    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain", "text/plain; charset=UTF-8"})
    void imageBytesDeclaredAsJsonOrTextAreUploaded(String contentType) {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("jsontype"), "User.ReadWrite");
        assertStatus(200, api().put("/v1.0/me/photo/$value", TestImages.jpeg(100, 100), contentType).bearer(token).send());
        assertEquals("96X96", assertJson(get("/v1.0/me/photo", token)).getString("id"));
        assertStatus(200, api().patch("/v1.0/me/photo/$value", TestImages.png(120, 120, Color.BLUE), contentType).bearer(token).send());
        assertEquals("120X120", assertJson(get("/v1.0/me/photo", token)).getString("id"));
    }

    /** ... but a body so declared that is not an image is a 415, not an invalid image, and changes nothing. */
    @ParameterizedTest
    @ValueSource(strings = {"application/json", "text/plain"})
    void otherBytesDeclaredAsJsonOrTextAreUnsupported(String contentType) {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("jsonbody"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(100, 100));
        Map<String, String> before = etags("/v1.0/me", token);
        assertError(415, "UnsupportedMediaType", api().put("/v1.0/me/photo/$value",
                "{\"photo\":\"not an image\"}".getBytes(StandardCharsets.UTF_8), contentType).bearer(token).send());
        assertError(415, "UnsupportedMediaType", api().put("/v1.0/me/photo/$value", new byte[0], contentType).bearer(token).send());
        assertEquals(before, etags("/v1.0/me", token));
    }

    static Stream<Arguments> badImages() {
        byte[] noise = new byte[20_000];
        new Random(42).nextBytes(noise);
        byte[] jpegMagicThenNoise = noise.clone();
        jpegMagicThenNoise[0] = (byte) 0xFF;
        jpegMagicThenNoise[1] = (byte) 0xD8;
        jpegMagicThenNoise[2] = (byte) 0xFF;
        return Stream.of(
                Arguments.of("empty", new byte[0], "image/jpeg"),
                Arguments.of("random bytes", noise, "application/octet-stream"),
                Arguments.of("JPEG magic then noise", jpegMagicThenNoise, "image/jpeg"),
                Arguments.of("text", "hello, not an image".getBytes(StandardCharsets.UTF_8), "image/png"),
                Arguments.of("truncated JPEG", TestImages.truncated(TestImages.jpeg(400, 400)), "image/jpeg"),
                Arguments.of("truncated PNG", TestImages.truncated(TestImages.png(400, 400, Color.RED)), "image/png"),
                Arguments.of("PNG declaring 20000x20000 (400 M pixels)", TestImages.pngDeclaring(20000, 20000), "image/png"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badImages")
    void undecodableBodiesAreInvalidImages(String name, byte[] body, String contentType) {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("bad"), "User.ReadWrite");
        assertError(400, "InvalidImage", api().put("/v1.0/me/photo/$value", body, contentType).bearer(token).send());
        assertOneByOne(assertJson(get("/v1.0/me/photo", token)));
    }

    @Test
    void bodiesOver4MiBAreTooLarge() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("big"), "User.ReadWrite");
        byte[] body = new byte[4 * 1024 * 1024 + 1];
        new Random(7).nextBytes(body);
        body[0] = (byte) 0xFF;
        body[1] = (byte) 0xD8;
        assertError(413, "RequestEntityTooLarge", api().put("/v1.0/me/photo/$value", body, "image/jpeg").bearer(token).send());
        assertOneByOne(assertJson(get("/v1.0/me/photo", token)));
    }

    @Test
    void aFailedUploadKeepsThePreviousPhoto() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("atomic"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(700, 650, Color.RED));
        Map<String, String> before = etags("/v1.0/me", token);
        Map<String, byte[]> bytesBefore = allBytes("/v1.0/me", token, before);

        assertError(400, "InvalidImage", api().put("/v1.0/me/photo/$value",
                TestImages.truncated(TestImages.jpeg(800, 800, Color.GREEN)), "image/jpeg").bearer(token).send());
        assertError(415, "UnsupportedMediaType", api().put("/v1.0/me/photo/$value",
                TestImages.jpeg(800, 800, Color.GREEN), "text/html").bearer(token).send());
        assertError(415, "UnsupportedMediaType", api().put("/v1.0/me/photo/$value",
                "plain text".getBytes(StandardCharsets.UTF_8), "text/plain").bearer(token).send());

        assertEquals(before, etags("/v1.0/me", token));
        Map<String, byte[]> bytesAfter = allBytes("/v1.0/me", token, before);
        assertAll(before.keySet().stream().map(id -> () ->
                assertArrayEquals(bytesBefore.get(id), bytesAfter.get(id), id + " changed")));
    }

    @Test
    void aNewUploadChangesEveryEtag() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("again"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(700, 650, Color.RED));
        Map<String, String> first = etags("/v1.0/me", token);
        Map<String, byte[]> firstBytes = allBytes("/v1.0/me", token, first);

        upload("/v1.0/me", token, TestImages.jpeg(660, 700, Color.GREEN));
        Map<String, String> second = etags("/v1.0/me", token);
        assertEquals(first.keySet(), second.keySet());
        Map<String, byte[]> secondBytes = allBytes("/v1.0/me", token, second);
        assertAll(first.keySet().stream().map(id -> () -> {
            assertNotEquals(first.get(id), second.get(id), id + " kept its ETag");
            assertFalse(Arrays.equals(firstBytes.get(id), secondBytes.get(id)), id + " kept its bytes");
            assertTrue(TestImages.near(Color.GREEN, TestImages.centre(TestImages.decode(secondBytes.get(id))), 40),
                    id + " is not the new photo");
        }));
    }

    @Test
    void concurrentUploadsEndWithOneCompleteSet() throws Exception {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("race"), "User.ReadWrite");
        List<Color> colours = List.of(Color.RED, Color.GREEN, Color.BLUE, Color.YELLOW, Color.MAGENTA, Color.CYAN);
        ExecutorService pool = Executors.newFixedThreadPool(colours.size());
        try {
            List<Callable<Api.Response>> uploads = new ArrayList<>();
            for (Color colour : colours) {
                byte[] image = TestImages.jpeg(700, 660, colour);
                uploads.add(() -> api().put("/v1.0/me/photo/$value", image, "image/jpeg").bearer(token).send());
            }
            for (Future<Api.Response> done : pool.invokeAll(uploads)) {
                assertStatus(200, done.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, String> etags = etags("/v1.0/me", token);
        assertEquals(HD.length, etags.size());
        Map<String, byte[]> bytes = allBytes("/v1.0/me", token, etags);
        Color winner = colours.stream()
                .filter(c -> TestImages.near(c, TestImages.centre(TestImages.decode(bytes.get("48X48"))), 40))
                .findFirst().orElseThrow(() -> new AssertionError("48X48 is none of the uploads"));
        assertAll(etags.keySet().stream().map(id -> () -> assertTrue(
                TestImages.near(winner, TestImages.centre(TestImages.decode(bytes.get(id))), 40),
                id + " comes from another upload than 48X48")));
        assertTrue(TestImages.near(winner, TestImages.centre(TestImages.decode(value("/v1.0/me/photos/700x660/$value", token))), 40),
                "the original comes from another upload than the sizes");
    }

    // ------------------------------------------------------------------ HTTP caching (docs/api.md §5)

    @Test
    void aMatchingIfNoneMatchIsNotModified() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("cache"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(200, 200));
        String etag = get("/v1.0/me/photos/96x96/$value", token).header("ETag").orElseThrow();

        Api.Response notModified = api().get("/v1.0/me/photos/96x96/$value").bearer(token)
                .header("If-None-Match", etag).send();
        assertStatus(304, notModified);
        assertEquals(0, notModified.body().length);
        assertEquals(etag, notModified.header("ETag").orElse(etag), "a 304 may repeat the ETag, not change it");

        Api.Response other = api().get("/v1.0/me/photos/96x96/$value").bearer(token)
                .header("If-None-Match", "\"not-the-etag\"").send();
        assertImageResponse(other, etag, 96, 96);

        upload("/v1.0/me", token, TestImages.jpeg(200, 200, Color.GREEN));
        assertStatus(200, api().get("/v1.0/me/photos/96x96/$value").bearer(token).header("If-None-Match", etag).send());
    }

    // ------------------------------------------------------------------ authentication (docs/api.md §6, §7)

    @Test
    void aMissingTokenIsUnauthorizedOnEveryOperation() {
        Tenant t = tenant();
        User user = t.createUser("target");
        upload("/v1.0/users/" + user.id(), t.adminToken(), TestImages.jpeg(100, 100));
        byte[] jpeg = TestImages.jpeg(60, 60);
        for (String p : List.of("/v1.0/me", "/v1.0/users/" + user.id(), "/beta/users/" + user.upn())) {
            assertAll(p,
                    () -> assertUnauthorized(api().get(p + "/photo").send()),
                    () -> assertUnauthorized(api().get(p + "/photo/$value").send()),
                    () -> assertUnauthorized(api().get(p + "/photos").send()),
                    () -> assertUnauthorized(api().get(p + "/photos/48x48").send()),
                    () -> assertUnauthorized(api().get(p + "/photos/48x48/$value").send()),
                    () -> assertUnauthorized(api().put(p + "/photo/$value", jpeg, "image/jpeg").send()),
                    () -> assertUnauthorized(api().patch(p + "/photo/$value", jpeg, "application/octet-stream").send()),
                    () -> assertUnauthorized(api().delete(p + "/photo/$value").send()));
        }
        assertUnauthorized(api().get("/v1.0/users").send());
        assertUnauthorized(api().post("/v1.0/groups", JSON.createObjectBuilder().add("displayName", "x").build()).send());
        // and nothing changed
        assertEquals(3, etags("/v1.0/users/" + user.id(), t.adminToken()).size());
    }

    /** Authentication comes before anything in the request is parsed: bad sizes, ids, options, bodies, methods. */
    @Test
    void anAnonymousRequestIsUnauthorizedWhateverElseIsWrongWithIt() {
        assertAll(
                () -> assertUnauthorized(api().get("/v1.0/me/photos/abc/$value").send()),
                () -> assertUnauthorized(api().get("/v1.0/users/x/photos/0x0").send()),
                () -> assertUnauthorized(api().get("/beta/me/photo?$expand=x").send()),
                () -> assertUnauthorized(api().get("/v1.0/users?$select=nonsense").send()),
                () -> assertUnauthorized(api().get("/v1.0/no-such-collection").send()),
                () -> assertUnauthorized(api().get("/V1.0/ME/PHOTO").send()),
                () -> assertUnauthorized(api().request("POST", "/v1.0/users").body("{not json".getBytes(), "application/json").send()),
                () -> assertUnauthorized(api().put("/v1.0/me/photo/$value", "not an image".getBytes(), "text/html").send()),
                () -> assertUnauthorized(api().delete("/v1.0/me/photos/48x48").send()));
    }

    static Stream<Arguments> invalidTokens() {
        String tenant = UUID.randomUUID().toString();
        String oid = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("signed with another key",
                        TestTokens.delegated(tenant, oid, "a@b.example", "User.ReadWrite").signedWithForeignKey().build()),
                Arguments.of("expired",
                        TestTokens.delegated(tenant, oid, "a@b.example", "User.ReadWrite").expired().build()),
                Arguments.of("another issuer",
                        TestTokens.delegated(tenant, oid, "a@b.example", "User.ReadWrite").issuer("https://evil.example").build()),
                Arguments.of("another audience",
                        TestTokens.delegated(tenant, oid, "a@b.example", "User.ReadWrite").audience("api://someone-else").build()),
                Arguments.of("not a JWT", "abc.def.ghi"),
                Arguments.of("garbage", "%%%"),
                Arguments.of("signature stripped", stripSignature(
                        TestTokens.delegated(tenant, oid, "a@b.example", "User.ReadWrite").build())));
    }

    static String stripSignature(String jwt) {
        return jwt.substring(0, jwt.lastIndexOf('.') + 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTokens")
    void invalidTokensAreUnauthorized(String name, String token) {
        assertUnauthorized(get("/v1.0/me/photo", token));
        assertUnauthorized(get("/beta/me/photo/$value", token));
        assertUnauthorized(api().put("/v1.0/me/photo/$value", TestImages.jpeg(60, 60), "image/jpeg").bearer(token).send());
    }

    @Test
    void aNonBearerAuthorizationIsUnauthorized() {
        assertUnauthorized(api().get("/v1.0/me/photo").header("Authorization", "Basic dXNlcjpwYXNz").send());
    }

    @Test
    void selfNeedsUserReadToReadAndUserReadWriteToWrite() {
        Tenant t = tenant();
        User me = t.createUser("self");
        byte[] jpeg = TestImages.jpeg(100, 100);
        for (String scope : List.of("User.ReadWrite", "User.ReadWrite.All", "ProfilePhoto.ReadWrite.All")) {
            assertStatus(200, api().put("/v1.0/me/photo/$value", jpeg, "image/jpeg").bearer(t.delegated(me, scope)).send());
            assertStatus(200, api().put("/v1.0/users/" + me.id() + "/photo/$value", jpeg, "image/jpeg")
                    .bearer(t.delegated(me, scope)).send());
        }
        for (String scope : List.of("User.Read", "User.ReadWrite", "User.ReadBasic.All", "User.Read.All",
                "User.ReadWrite.All", "ProfilePhoto.Read.All", "ProfilePhoto.ReadWrite.All")) {
            String token = t.delegated(me, scope);
            assertAll(scope,
                    () -> assertJson(get("/v1.0/me/photo", token)),
                    () -> assertStatus(200, get("/v1.0/me/photo/$value", token)),
                    () -> assertStatus(200, get("/v1.0/users/" + me.id() + "/photos/48x48/$value", token)),
                    () -> assertJson(get("/v1.0/users/" + me.upn() + "/photos", token)));
        }
        for (String scope : List.of("User.Read", "User.ReadBasic.All", "User.Read.All", "ProfilePhoto.Read.All")) {
            String token = t.delegated(me, scope);
            assertAll(scope,
                    () -> assertError(403, "ErrorAccessDenied",
                            api().put("/v1.0/me/photo/$value", jpeg, "image/jpeg").bearer(token).send()),
                    () -> assertError(403, "ErrorAccessDenied", api().delete("/v1.0/me/photo").bearer(token).send()));
        }
        String unrelated = t.delegated(me, "Mail.Read", "Calendars.Read");
        assertError(403, "ErrorAccessDenied", get("/v1.0/me/photo", unrelated));
        assertError(403, "ErrorAccessDenied", get("/v1.0/me/photo/$value", unrelated));
    }

    @Test
    void otherUsersNeedDirectoryWideScopes() {
        Tenant t = tenant();
        User other = t.createUser("other");
        User caller = t.createUser("caller");
        String p = "/v1.0/users/" + other.id();
        upload(p, t.adminToken(), TestImages.jpeg(100, 100));
        byte[] jpeg = TestImages.jpeg(64, 64);

        for (String scope : List.of("User.Read", "User.ReadWrite", "Contacts.ReadWrite", "Group.ReadWrite.All")) {
            String token = t.delegated(caller, scope);
            assertAll(scope,
                    () -> assertError(403, "ErrorAccessDenied", get(p + "/photo", token)),
                    () -> assertError(403, "ErrorAccessDenied", get(p + "/photo/$value", token)),
                    () -> assertError(403, "ErrorAccessDenied", get(p + "/photos", token)),
                    () -> assertError(403, "ErrorAccessDenied", get(p + "/photos/48x48/$value", token)));
        }
        for (String scope : List.of("User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All",
                "ProfilePhoto.Read.All", "ProfilePhoto.ReadWrite.All")) {
            String token = t.delegated(caller, scope);
            assertAll(scope,
                    () -> assertJson(get(p + "/photo", token)),
                    () -> assertStatus(200, get(p + "/photo/$value", token)),
                    () -> assertStatus(200, get("/v1.0/users/" + other.upn() + "/photos/64x64/$value", token)));
        }
        for (String scope : List.of("User.ReadWrite", "User.ReadBasic.All", "User.Read.All", "ProfilePhoto.Read.All")) {
            String token = t.delegated(caller, scope);
            assertError(403, "ErrorAccessDenied", api().put(p + "/photo/$value", jpeg, "image/jpeg").bearer(token).send());
            assertError(403, "ErrorAccessDenied", api().delete(p + "/photo/$value").bearer(token).send());
        }
        assertEquals(3, etags(p, t.adminToken()).size(), "a refused write changed the photo");
        for (String scope : List.of("User.ReadWrite.All", "ProfilePhoto.ReadWrite.All")) {
            assertStatus(200, api().put(p + "/photo/$value", jpeg, "image/jpeg").bearer(t.delegated(caller, scope)).send());
        }
        assertEquals(2, etags(p, t.adminToken()).size());
    }

    @Test
    void groupsNeedGroupScopesAndTeamsAlsoTeamScopes() {
        Tenant t = tenant();
        String group = t.createGroup("Marketing");
        User caller = t.createUser("member");
        upload("/v1.0/groups/" + group, t.adminToken(), TestImages.jpeg(100, 100));
        byte[] jpeg = TestImages.jpeg(64, 64);
        String g = "/v1.0/groups/" + group;
        String team = "/v1.0/teams/" + group;

        for (String scope : List.of("Group.Read.All", "Group.ReadWrite.All", "ProfilePhoto.Read.All", "ProfilePhoto.ReadWrite.All")) {
            String token = t.delegated(caller, scope);
            assertAll(scope,
                    () -> assertJson(get(g + "/photo", token)),
                    () -> assertStatus(200, get(g + "/photo/$value", token)),
                    () -> assertStatus(200, get(team + "/photo/$value", token)));
        }
        for (String scope : List.of("Team.ReadBasic.All", "TeamSettings.Read.All", "TeamSettings.ReadWrite.All")) {
            String token = t.delegated(caller, scope);
            assertAll(scope,
                    () -> assertJson(get(team + "/photo", token)),
                    () -> assertStatus(200, get(team + "/photos/48x48/$value", token)),
                    () -> assertError(403, "ErrorAccessDenied", get(g + "/photo", token)),
                    () -> assertError(403, "ErrorAccessDenied", get(g + "/photo/$value", token)));
        }
        for (String scope : List.of("User.Read.All", "User.ReadWrite.All", "Contacts.ReadWrite")) {
            assertError(403, "ErrorAccessDenied", get(g + "/photo/$value", t.delegated(caller, scope)));
        }
        for (String scope : List.of("Group.Read.All", "ProfilePhoto.Read.All", "Team.ReadBasic.All", "TeamSettings.Read.All", "User.ReadWrite.All")) {
            String token = t.delegated(caller, scope);
            assertError(403, "ErrorAccessDenied", api().put(g + "/photo/$value", jpeg, "image/jpeg").bearer(token).send());
            assertError(403, "ErrorAccessDenied", api().put(team + "/photo/$value", jpeg, "image/jpeg").bearer(token).send());
        }
        assertError(403, "ErrorAccessDenied",
                api().put(g + "/photo/$value", jpeg, "image/jpeg").bearer(t.delegated(caller, "TeamSettings.ReadWrite.All")).send());
        assertEquals(3, etags(g, t.adminToken()).size(), "a refused write changed the photo");
        assertStatus(200, api().put(team + "/photo/$value", jpeg, "image/jpeg")
                .bearer(t.delegated(caller, "TeamSettings.ReadWrite.All")).send());
        assertStatus(200, api().put(g + "/photo/$value", TestImages.jpeg(48, 48), "image/jpeg")
                .bearer(t.delegated(caller, "Group.ReadWrite.All")).send());
        assertStatus(204, api().delete(g + "/photo").bearer(t.delegated(caller, "ProfilePhoto.ReadWrite.All")).send());
    }

    @Test
    void applicationTokensCannotUseMe() {
        Tenant t = tenant();
        String app = t.app("User.ReadWrite.All", "ProfilePhoto.ReadWrite.All");
        for (Api.Response response : List.of(get("/v1.0/me/photo", app), get("/beta/me/photo/$value", app),
                get("/v1.0/me/photos/48x48", app),
                api().put("/v1.0/me/photo/$value", TestImages.jpeg(60, 60), "image/jpeg").bearer(app).send())) {
            JsonObject error = assertError(400, "BadRequest", response);
            assertEquals("/me request is only valid with delegated authentication flow.", error.getString("message"));
        }
    }

    @Test
    void applicationPermissions() {
        Tenant t = tenant();
        User user = t.createUser("subject");
        String group = t.createGroup("Apps");
        String u = "/v1.0/users/" + user.id();
        String g = "/v1.0/groups/" + group;
        byte[] jpeg = TestImages.jpeg(100, 100);
        upload(u, t.adminToken(), jpeg);
        upload(g, t.adminToken(), jpeg);

        for (String role : List.of("User.Read.All", "User.ReadWrite.All", "ProfilePhoto.Read.All", "ProfilePhoto.ReadWrite.All")) {
            String app = t.app(role);
            assertAll(role,
                    () -> assertJson(get(u + "/photo", app)),
                    () -> assertStatus(200, get(u + "/photo/$value", app)),
                    () -> assertStatus(200, get("/v1.0/users/" + user.upn() + "/photos/96x96/$value", app)));
        }
        for (String role : List.of("Group.Read.All", "Group.ReadWrite.All")) {
            assertStatus(200, get(g + "/photo/$value", t.app(role)));
            assertError(403, "ErrorAccessDenied", get(u + "/photo/$value", t.app(role)));
        }
        assertError(403, "ErrorAccessDenied", get(g + "/photo/$value", t.app("User.Read.All")));
        assertError(403, "ErrorAccessDenied", get(u + "/photo/$value", t.app()));
        assertError(403, "ErrorAccessDenied", get(u + "/photo/$value", t.app("Contacts.Read")));
        for (String role : List.of("User.Read.All", "ProfilePhoto.Read.All", "Group.ReadWrite.All")) {
            assertError(403, "ErrorAccessDenied",
                    api().put(u + "/photo/$value", jpeg, "image/jpeg").bearer(t.app(role)).send());
        }
        for (String role : List.of("User.ReadWrite.All", "ProfilePhoto.ReadWrite.All")) {
            assertStatus(200, api().put(u + "/photo/$value", jpeg, "image/jpeg").bearer(t.app(role)).send());
        }
        assertError(403, "ErrorAccessDenied", api().put(g + "/photo/$value", jpeg, "image/jpeg").bearer(t.app("Group.Read.All")).send());
        assertStatus(200, api().put(g + "/photo/$value", jpeg, "image/jpeg").bearer(t.app("Group.ReadWrite.All")).send());
    }

    @Test
    void contactsAreReadableByTheirOwnerAndAnyUsersByApplications() {
        Tenant t = tenant();
        User owner = t.createUser("owner");
        User stranger = t.createUser("stranger");
        String ownerToken = t.delegated(owner, "Contacts.ReadWrite");
        String contact = t.createContact("me", ownerToken, "Hank");
        String mine = "/v1.0/me/contacts/" + contact;
        String theirs = "/v1.0/users/" + owner.id() + "/contacts/" + contact;
        byte[] jpeg = TestImages.jpeg(100, 100);
        upload(mine, ownerToken, jpeg);

        String readOnly = t.delegated(owner, "Contacts.Read");
        assertJson(get(mine + "/photo", readOnly));
        assertStatus(200, get(mine + "/photo/$value", readOnly));
        assertStatus(200, get(theirs + "/photo/$value", readOnly));
        assertError(403, "ErrorAccessDenied", api().put(mine + "/photo/$value", jpeg, "image/jpeg").bearer(readOnly).send());
        assertError(403, "ErrorAccessDenied", get(mine + "/photo/$value", t.delegated(owner, "User.ReadWrite.All")));

        // delegated: only one's own contacts
        for (String scope : List.of("Contacts.Read", "Contacts.ReadWrite")) {
            String token = t.delegated(stranger, scope);
            assertError(403, "ErrorAccessDenied", get(theirs + "/photo/$value", token));
            assertError(403, "ErrorAccessDenied", api().put(theirs + "/photo/$value", jpeg, "image/jpeg").bearer(token).send());
        }
        // and /me/contacts/{id} of someone else is not found
        assertError(404, "Request_ResourceNotFound", get(mine + "/photo", t.delegated(stranger, "Contacts.ReadWrite")));

        // application: any user's contacts
        assertStatus(200, get(theirs + "/photo/$value", t.app("Contacts.Read")));
        assertJson(get(theirs + "/photos", t.app("Contacts.ReadWrite")));
        assertError(403, "ErrorAccessDenied", api().put(theirs + "/photo/$value", jpeg, "image/jpeg").bearer(t.app("Contacts.Read")).send());
        assertError(403, "ErrorAccessDenied", get(theirs + "/photo/$value", t.app("User.ReadWrite.All")));
        assertStatus(200, api().put(theirs + "/photo/$value", TestImages.jpeg(48, 48), "image/jpeg").bearer(t.app("Contacts.ReadWrite")).send());
        assertEquals(1, etags(mine, ownerToken).size());
    }

    @Test
    void personalAccountsGetBytesButNoMetadata() {
        String oid = UUID.randomUUID().toString();
        String email = "someone." + oid.substring(0, 6) + "@outlook.example";
        String me = TestTokens.personal(oid, email, "User.ReadWrite").build();
        String reader = TestTokens.personal(oid, email, "User.Read").build();
        upload("/v1.0/me", me, TestImages.jpeg(100, 100));

        assertImageResponse(get("/v1.0/me/photo/$value", reader), null, 96, 96);
        assertImageResponse(get("/beta/me/photos/48x48/$value", reader), null, 48, 48);
        assertError(403, "ErrorAccessDenied", get("/v1.0/me/photo", reader));
        assertError(403, "ErrorAccessDenied", get("/v1.0/me/photo", me));
        assertError(403, "ErrorAccessDenied", get("/v1.0/me/photos", me));
        assertError(403, "ErrorAccessDenied", get("/v1.0/me/photos/48x48", me));
        assertError(403, "ErrorAccessDenied",
                api().put("/v1.0/me/photo/$value", TestImages.jpeg(60, 60), "image/jpeg").bearer(reader).send());

        // another personal account's photo: 403 even with a directory-wide scope
        String otherOid = UUID.randomUUID().toString();
        String other = TestTokens.personal(otherOid, "other." + otherOid.substring(0, 6) + "@outlook.example", "User.ReadWrite").build();
        upload("/v1.0/me", other, TestImages.jpeg(60, 60));
        assertError(403, "ErrorAccessDenied", get("/v1.0/users/" + otherOid + "/photo/$value", me));
        assertError(403, "ErrorAccessDenied", get("/v1.0/users/" + otherOid + "/photo/$value",
                TestTokens.personal(oid, email, "User.Read.All", "ProfilePhoto.Read.All").build()));
    }

    @Test
    void personalAccountsCannotWriteContactPhotos() {
        String oid = UUID.randomUUID().toString();
        String token = TestTokens.personal(oid, "p." + oid.substring(0, 6) + "@outlook.example", "Contacts.ReadWrite").build();
        Api.Response created = api().post("/v1.0/me/contacts", new Tenant(api()).contact("Ivy")).bearer(token).send();
        assertStatus(201, created);
        String p = "/v1.0/me/contacts/" + created.json().getString("id");
        assertError(403, "ErrorAccessDenied", api().put(p + "/photo/$value", TestImages.jpeg(60, 60), "image/jpeg").bearer(token).send());
        assertError(404, "ImageNotFound", get(p + "/photo/$value", token));
    }

    @Test
    void anotherTenantsOwnersAreNotFound() {
        Tenant a = tenant();
        Tenant b = tenant();
        User user = a.createUser("private");
        String group = a.createGroup("Private");
        String ownerToken = a.delegated(user, "Contacts.ReadWrite");
        String contact = a.createContact("me", ownerToken, "Jill");
        byte[] jpeg = TestImages.jpeg(100, 100);
        upload("/v1.0/users/" + user.id(), a.adminToken(), jpeg);
        upload("/v1.0/groups/" + group, a.adminToken(), jpeg);

        String intruder = b.adminToken();
        String intruderApp = b.app("User.ReadWrite.All", "Group.ReadWrite.All", "Contacts.ReadWrite");
        for (String token : List.of(intruder, intruderApp)) {
            for (String p : List.of("/v1.0/users/" + user.id(), "/v1.0/users/" + user.upn(), "/v1.0/groups/" + group,
                    "/v1.0/teams/" + group, "/v1.0/users/" + user.id() + "/contacts/" + contact)) {
                assertAll(p,
                        () -> assertError(404, "Request_ResourceNotFound", get(p + "/photo", token)),
                        () -> assertError(404, "Request_ResourceNotFound", get(p + "/photo/$value", token)),
                        () -> assertError(404, "Request_ResourceNotFound", get(p + "/photos", token)),
                        () -> assertError(404, "Request_ResourceNotFound",
                                api().put(p + "/photo/$value", jpeg, "image/jpeg").bearer(token).send()),
                        () -> assertError(404, "Request_ResourceNotFound", api().delete(p + "/photo").bearer(token).send()));
            }
        }
        assertError(404, "Request_ResourceNotFound", get("/v1.0/me/contacts/" + contact + "/photo", b.delegated(b.admin(), "Contacts.ReadWrite")));
        assertEquals(3, etags("/v1.0/users/" + user.id(), a.adminToken()).size());
        assertEquals(3, etags("/v1.0/groups/" + group, a.adminToken()).size());
    }

    @Test
    void unknownOwnersAreNotFound() {
        Tenant t = tenant();
        String admin = t.adminToken();
        String app = t.app("User.ReadWrite.All", "Group.ReadWrite.All", "Contacts.ReadWrite");
        String nobody = UUID.randomUUID().toString();
        Map<String, String> owners = new LinkedHashMap<>();
        owners.put("/v1.0/users/" + nobody, admin);
        owners.put("/v1.0/users/nobody@" + t.domain(), admin);
        owners.put("/v1.0/groups/" + nobody, admin);
        owners.put("/v1.0/teams/" + nobody, admin);
        owners.put("/v1.0/me/contacts/" + nobody, admin);
        owners.put("/v1.0/me/contactFolders/" + nobody + "/contacts/" + nobody, admin);
        owners.put("/v1.0/users/" + nobody + "/contacts/" + nobody, app);
        owners.put("/v1.0/users/" + t.createUser("real").id() + "/contacts/" + nobody, app);
        owners.forEach((p, token) -> assertAll(p,
                () -> assertError(404, "Request_ResourceNotFound", get(p + "/photo", token)),
                () -> assertError(404, "Request_ResourceNotFound", get(p + "/photo/$value", token)),
                () -> assertError(404, "Request_ResourceNotFound", get(p + "/photos/48x48", token)),
                () -> assertError(404, "Request_ResourceNotFound",
                        api().put(p + "/photo/$value", TestImages.jpeg(60, 60), "image/jpeg").bearer(token).send())));
    }

    // ------------------------------------------------------------------ owners (docs/api.md §8)

    @Test
    void usersAreCreatedReadListedPatchedAndDeleted() {
        Tenant t = tenant();
        String admin = t.adminToken();
        String id = UUID.randomUUID().toString();
        String upn = "Synced.User@" + t.domain();
        Api.Response created = api().post("/v1.0/users", JSON.createObjectBuilder()
                .add("id", id).add("displayName", "Synced User").add("userPrincipalName", upn).add("mail", upn)
                .build()).bearer(admin).send();
        assertStatus(201, created);
        assertRequestId(created);
        JsonObject user = created.json();
        assertEquals(id, user.getString("id", null), user::toString);
        assertEquals("Synced User", user.getString("displayName", null), user::toString);
        assertEquals(upn, user.getString("userPrincipalName", null), user::toString);
        assertEquals(upn, user.getString("mail", null), user::toString);
        assertTrue(user.getString("@odata.context", "").startsWith(api().origin() + "/v1.0/$metadata#users"), user::toString);

        assertEquals(id, assertJson(get("/v1.0/users/" + id, admin)).getString("id"));
        assertEquals(id, assertJson(get("/beta/users/" + upn.toLowerCase(), admin)).getString("id"));
        assertEquals(id, assertJson(get("/v1.0/users/" + upn.toUpperCase().replace("@", "%40"), admin)).getString("id"));
        assertTrue(ids(assertJson(get("/v1.0/users", admin))).contains(id));

        assertStatus(204, api().request("PATCH", "/v1.0/users/" + id)
                .json(JSON.createObjectBuilder().add("displayName", "Renamed").build()).bearer(admin).send());
        JsonObject patched = assertJson(get("/v1.0/users/" + id, admin));
        assertEquals("Renamed", patched.getString("displayName", null), patched::toString);
        assertEquals(upn, patched.getString("userPrincipalName", null), patched::toString);

        assertStatus(204, api().delete("/v1.0/users/" + id).bearer(admin).send());
        assertError(404, "Request_ResourceNotFound", get("/v1.0/users/" + id, admin));
        assertFalse(ids(assertJson(get("/v1.0/users", admin))).contains(id));
        assertError(404, "Request_ResourceNotFound", api().delete("/v1.0/users/" + id).bearer(admin).send());
    }

    @Test
    void aUserWithoutIdGetsAServerGuid() {
        Tenant t = tenant();
        User user = t.createUser("generated");
        assertEquals(user.id(), UUID.fromString(user.id()).toString());
    }

    @Test
    void groupsAreCreatedReadListedPatchedAndDeleted() {
        Tenant t = tenant();
        String admin = t.adminToken();
        Api.Response created = api().post("/v1.0/groups", JSON.createObjectBuilder()
                .add("displayName", "Finance").add("mail", "finance@" + t.domain()).add("description", "Money")
                .build()).bearer(admin).send();
        assertStatus(201, created);
        JsonObject group = created.json();
        String id = group.getString("id");
        UUID.fromString(id);
        assertEquals("Finance", group.getString("displayName", null), group::toString);
        assertEquals("finance@" + t.domain(), group.getString("mail", null), group::toString);
        assertEquals("Money", group.getString("description", null), group::toString);
        assertTrue(group.containsKey("@odata.context"), group::toString);

        assertEquals("Finance", assertJson(get("/v1.0/groups/" + id, t.delegated(t.admin(), "Group.Read.All"))).getString("displayName"));
        assertTrue(ids(assertJson(get("/beta/groups", admin))).contains(id));
        assertStatus(204, api().request("PATCH", "/v1.0/groups/" + id)
                .json(JSON.createObjectBuilder().add("description", "Budgets").build()).bearer(admin).send());
        JsonObject patched = assertJson(get("/v1.0/groups/" + id, admin));
        assertEquals("Budgets", patched.getString("description", null), patched::toString);
        assertEquals("Finance", patched.getString("displayName", null), patched::toString);
        assertStatus(204, api().delete("/v1.0/groups/" + id).bearer(admin).send());
        assertError(404, "Request_ResourceNotFound", get("/v1.0/groups/" + id, admin));
        assertError(404, "Request_ResourceNotFound", get("/v1.0/groups/" + id + "/photo", admin));
    }

    @Test
    void contactsAndFoldersAreCreatedListedReadAndDeleted() {
        Tenant t = tenant();
        User owner = t.unknownUser("folks");
        String token = t.delegated(owner, "Contacts.ReadWrite");
        Api.Response created = api().post("/v1.0/me/contacts", t.contact("Kim")).bearer(token).send();
        assertStatus(201, created);
        JsonObject contact = created.json();
        String id = contact.getString("id");
        assertEquals("Kim", contact.getString("displayName"));
        assertEquals("kim@partner.example.org",
                contact.getJsonArray("emailAddresses").getJsonObject(0).getString("address"));

        assertEquals("Kim", assertJson(get("/v1.0/me/contacts/" + id, token)).getString("displayName"));
        assertEquals(List.of(id), ids(assertJson(get("/v1.0/me/contacts", token))));
        assertEquals(List.of(id), ids(assertJson(get("/v1.0/users/" + owner.id() + "/contacts", t.app("Contacts.Read")))));

        Api.Response folderCreated = api().post("/v1.0/me/contactFolders",
                JSON.createObjectBuilder().add("displayName", "Family").build()).bearer(token).send();
        assertStatus(201, folderCreated);
        String folder = folderCreated.json().getString("id");
        assertEquals("Family", folderCreated.json().getString("displayName"));
        assertTrue(ids(assertJson(get("/v1.0/me/contactFolders", token))).contains(folder));
        String inFolder = t.createFolderContact("me", folder, token, "Lou");
        assertEquals(List.of(inFolder), ids(assertJson(get("/v1.0/me/contactFolders/" + folder + "/contacts", token))));
        assertEquals("Lou", assertJson(get("/v1.0/me/contacts/" + inFolder, token)).getString("displayName"));

        assertError(403, "ErrorAccessDenied", api().post("/v1.0/me/contacts", t.contact("Max"))
                .bearer(t.delegated(owner, "Contacts.Read")).send());
        assertStatus(204, api().delete("/v1.0/me/contacts/" + id).bearer(token).send());
        assertError(404, "Request_ResourceNotFound", get("/v1.0/me/contacts/" + id, token));
        assertError(404, "Request_ResourceNotFound", get("/v1.0/me/contacts/" + id + "/photo", token));
    }

    @Test
    void writingOwnersNeedsWriteScopes() {
        Tenant t = tenant();
        User caller = t.unknownUser("reader");
        JsonObject user = JSON.createObjectBuilder().add("displayName", "X").add("userPrincipalName", "x@" + t.domain()).build();
        JsonObject group = JSON.createObjectBuilder().add("displayName", "G").build();
        for (String scope : List.of("User.Read", "User.ReadWrite", "User.Read.All", "ProfilePhoto.ReadWrite.All")) {
            assertError(403, "ErrorAccessDenied", api().post("/v1.0/users", user).bearer(t.delegated(caller, scope)).send());
        }
        for (String scope : List.of("Group.Read.All", "User.ReadWrite.All")) {
            assertError(403, "ErrorAccessDenied", api().post("/v1.0/groups", group).bearer(t.delegated(caller, scope)).send());
        }
        assertError(403, "ErrorAccessDenied", api().post("/v1.0/users", user).bearer(t.app("User.Read.All")).send());
        assertStatus(201, api().post("/v1.0/users", user).bearer(t.app("User.ReadWrite.All")).send());
        assertStatus(201, api().post("/v1.0/groups", group).bearer(t.app("Group.ReadWrite.All")).send());
    }

    @Test
    void tenantsSeeOnlyTheirOwnOwners() {
        Tenant a = tenant();
        Tenant b = tenant();
        User user = a.createUser("mine");
        String group = a.createGroup("Mine");
        List<String> bUsers = ids(assertJson(get("/v1.0/users", b.adminToken())));
        assertFalse(bUsers.contains(user.id()), bUsers::toString);
        assertFalse(ids(assertJson(get("/v1.0/groups", b.adminToken()))).contains(group));
        assertError(404, "Request_ResourceNotFound", get("/v1.0/users/" + user.id(), b.adminToken()));
        assertError(404, "Request_ResourceNotFound", get("/v1.0/groups/" + group, b.adminToken()));
        assertError(404, "Request_ResourceNotFound", api().delete("/v1.0/users/" + user.id()).bearer(b.adminToken()).send());
        assertError(404, "Request_ResourceNotFound", api().request("PATCH", "/v1.0/groups/" + group)
                .json(JSON.createObjectBuilder().add("displayName", "Stolen").build()).bearer(b.adminToken()).send());
        assertEquals("Mine", assertJson(get("/v1.0/groups/" + group, a.adminToken())).getString("displayName"));
    }

    @Test
    void anUnknownDelegatedCallerIsCreatedOnFirstUse() {
        Tenant t = tenant();
        User newcomer = t.unknownUser("newcomer");
        String token = t.delegated(newcomer, "User.Read");
        JsonObject photo = assertJson(get("/v1.0/me/photo", token));
        assertOneByOne(photo);
        assertEquals(api().origin() + "/v1.0/users('" + newcomer.id() + "@" + t.id() + "')/photo", photo.getString("@odata.id"));

        JsonObject user = assertJson(get("/v1.0/users/" + newcomer.id(), t.adminToken()));
        assertEquals(newcomer.upn(), user.getString("userPrincipalName"));
        assertEquals(newcomer.id(), assertJson(get("/v1.0/users/" + newcomer.upn(), t.adminToken())).getString("id"));
    }

    @Test
    void deletingAnOwnerDeletesItsPhotos() {
        Tenant t = tenant();
        String admin = t.adminToken();
        String id = UUID.randomUUID().toString();
        JsonObject body = JSON.createObjectBuilder().add("id", id).add("displayName", "Temp")
                .add("userPrincipalName", "temp@" + t.domain()).add("mail", "temp@" + t.domain()).build();
        assertStatus(201, api().post("/v1.0/users", body).bearer(admin).send());
        upload("/v1.0/users/" + id, admin, TestImages.jpeg(100, 100));
        assertStatus(204, api().delete("/v1.0/users/" + id).bearer(admin).send());
        assertError(404, "Request_ResourceNotFound", get("/v1.0/users/" + id + "/photo/$value", admin));

        assertStatus(201, api().post("/v1.0/users", body).bearer(admin).send());
        assertOneByOne(assertJson(get("/v1.0/users/" + id + "/photo", admin)));
        assertError(404, "ImageNotFound", get("/v1.0/users/" + id + "/photo/$value", admin));
    }

    // ------------------------------------------------------------------ errors made by the container (docs/api.md §6)

    @Test
    void unknownPathsAreGraphNotFound() {
        Tenant t = tenant();
        String token = t.adminToken();
        for (String path : List.of("/v1.0/nope", "/nope", "/beta/me/nope", "/v2.0/me/photo", "/v1.0/me/photo/$value/more")) {
            assertError(404, "Request_ResourceNotFound", get(path, token));
        }
    }

    @Test
    void wrongMethodsAreNotAllowed() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("method"), "User.ReadWrite");
        byte[] jpeg = TestImages.jpeg(60, 60);
        assertError(405, "MethodNotAllowed", api().request("POST", "/v1.0/me/photo/$value").body(jpeg, "image/jpeg").bearer(token).send());
        assertError(405, "MethodNotAllowed", api().request("POST", "/beta/me/photo").body(jpeg, "image/jpeg").bearer(token).send());
        assertError(405, "MethodNotAllowed", api().put("/v1.0/me/photos", jpeg, "image/jpeg").bearer(token).send());
        assertError(405, "MethodNotAllowed", api().delete("/v1.0/me/photos").bearer(token).send());
    }

    @Test
    void errorsCarryRequestIdsAndEchoTheClientRequestId() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("errors"), "User.ReadWrite");
        Api.Response first = get("/v1.0/me/photo/$value", token);
        Api.Response second = get("/v1.0/me/photo/$value", token);
        assertError(404, "ImageNotFound", first);
        assertError(404, "ImageNotFound", second);
        assertNotEquals(first.header("request-id"), second.header("request-id"), "request-id must be fresh");

        Api.Response anonymous = api().get("/v1.0/me/photo/$value").bearer(token).noClientRequestId().send();
        assertError(404, "ImageNotFound", anonymous);
        assertFalse(anonymous.header("client-request-id").isPresent(), anonymous::toString);

        Api.Response badSignature = get("/v1.0/me/photo",
                TestTokens.delegated(t.id(), UUID.randomUUID().toString(), "x@y.example", "User.Read").signedWithForeignKey().build());
        assertUnauthorized(badSignature);
    }

    @Test
    void everyResponseHasARequestId() {
        Tenant t = tenant();
        String token = t.adminToken();
        Api.Response created = api().post("/v1.0/users", JSON.createObjectBuilder().add("displayName", "R")
                .add("userPrincipalName", "r@" + t.domain()).build()).bearer(token).send();
        String user = "/v1.0/users/" + created.json().getString("id");
        Api.Response uploaded = api().put(user + "/photo/$value", TestImages.jpeg(100, 100), "image/jpeg").bearer(token).send();
        Api.Response metadata = get(user + "/photo", token);
        Api.Response bytes = get(user + "/photo/$value", token);
        Api.Response notModified = api().get(user + "/photo/$value").bearer(token)
                .header("If-None-Match", bytes.header("ETag").orElse("\"x\"")).send();
        Api.Response deleted = api().delete(user + "/photo").bearer(token).send();
        Api.Response health = api().get("/health/ready").send();
        List<Api.Response> all = List.of(created, uploaded, metadata, bytes, notModified, deleted, health);
        List<Integer> statuses = all.stream().map(Api.Response::status).toList();
        assertEquals(List.of(201, 200, 200, 200, 304, 204, 200), statuses);
        assertAll(all.stream().map(r -> () -> assertRequestId(r)));
        assertEquals(all.size(), all.stream().map(r -> r.header("request-id").orElse("")).distinct().count());
    }

    @Test
    void healthReadyReportsEachCheck() {
        Api.Response health = api().get("/health/ready").send();
        JsonObject body = assertJson(health);
        assertEquals("UP", body.getString("status"), body::toString);
        Map<String, JsonObject> checks = body.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .collect(Collectors.toMap(check -> check.getString("name"), check -> check));
        assertEquals(Set.of("database", "schema", "imageCodecs", "shutdown"), checks.keySet(), body::toString);
        checks.values().forEach(check -> assertEquals("UP", check.getString("status"), check::toString));
        assertEquals("4", checks.get("schema").getJsonObject("data").getString("version"), "the latest migration");
        assertTrue(checks.get("imageCodecs").getJsonObject("data").getString("formats").contains("image/webp"));
        assertEquals("UP", assertJson(api().get("/health/live").send()).getString("status"));
    }

    // ------------------------------------------------------------------ photo links (docs/api.md §12)

    /** The keys arquillian.xml configures: test-only, never used outside the tests. */
    static final byte[] TEST_ONLY_LINK_KEY = "portrait-test-only-link-key-0001".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TEST_ONLY_PREVIOUS_LINK_KEY = "portrait-test-only-link-key-0000".getBytes(StandardCharsets.US_ASCII);

    @Test
    void aPhotoLinkServesItsBytesToAnyoneWithoutAToken() {
        Tenant t = tenant();
        User user = t.createUser("linked");
        String path = "/v1.0/users/" + user.id();
        upload(path, t.adminToken(), TestImages.jpeg(700, 650, Color.ORANGE));
        String etag = assertJson(get(path + "/photo", t.adminToken())).getString("@odata.mediaEtag");
        long before = System.currentTimeMillis() / 1000;

        JsonObject link = assertJson(get(path + "/photo/link", t.adminToken()));
        assertEquals(648, intOf(link, "width"));
        assertEquals(648, intOf(link, "height"));
        assertEquals(etag, link.getString("@odata.mediaEtag"));
        long expires = java.time.Instant.parse(link.getString("expirationDateTime")).getEpochSecond();
        assertTrue(expires > before + 3000 && expires <= before + 3600 + 5, () -> "expiry not about an hour away: " + link);
        String url = link.getString("url");
        assertTrue(url.startsWith(api().origin() + "/photo-links/"), url);

        Api.Response served = assertStatus(200, api().get(api().pathOf(url)).send());
        assertEquals("image/jpeg", served.header("Content-Type").orElse(""));
        assertEquals(etag, served.header("ETag").orElse(null));
        assertArrayEquals(value(path + "/photo/$value", t.adminToken()), served.body());
        String cacheControl = served.header("Cache-Control").orElse("");
        java.util.regex.Matcher maxAge = java.util.regex.Pattern.compile("public, max-age=(\\d+), immutable").matcher(cacheControl);
        assertTrue(maxAge.matches(), cacheControl);
        long seconds = Long.parseLong(maxAge.group(1));
        assertTrue(seconds <= expires - before && seconds > 3000, cacheControl);

        Api.Response notModified = api().get(api().pathOf(url)).header("If-None-Match", etag).send();
        assertStatus(304, notModified);
        assertEquals(0, notModified.body().length);

        // One size, by the same permission as its $value; and 404 for a size the photo does not have.
        JsonObject small = assertJson(get(path + "/photos/96x96/link", t.adminToken()));
        assertEquals(96, intOf(small, "width"));
        assertArrayEquals(value(path + "/photos/96x96/$value", t.adminToken()),
                assertStatus(200, api().get(api().pathOf(small.getString("url"))).send()).body());
        assertError(404, "ImageNotFound", get(path + "/photos/800x800/link", t.adminToken()));
        // Making a link needs a token, like the bytes.
        assertUnauthorized(api().get(path + "/photo/link").send());
        assertStatus(403, get(path + "/photo/link", t.delegated(t.unknownUser("reader"), "User.Read")));
        assertError(404, "ImageNotFound", get("/v1.0/users/" + t.createUser("nophoto").id() + "/photo/link", t.adminToken()));
    }

    @Test
    void aTamperedOrForgedLinkIsForbidden() {
        Tenant t = tenant();
        User user = t.createUser("tampered");
        String path = "/v1.0/users/" + user.id();
        upload(path, t.adminToken(), TestImages.jpeg(300, 300));
        String token = linkToken(assertJson(get(path + "/photo/link", t.adminToken())).getString("url"));
        String[] parts = token.split("\\.");
        String[] fields = linkFields(token);

        char last = parts[1].charAt(0);
        String flippedMac = parts[0] + "." + (last == 'A' ? 'B' : 'A') + parts[1].substring(1);
        fields[3] = "48";
        fields[4] = "48";
        String otherSizeSameMac = encodeLinkFields(fields) + "." + parts[1];
        String unknownKey = signLink(fields, "an-attacker-guessing-at-the-key!!".getBytes(StandardCharsets.US_ASCII));
        for (String forged : List.of(flippedMac, otherSizeSameMac, unknownKey, parts[0], "not-a-link", token + ".x")) {
            assertError(403, "ErrorAccessDenied", api().get("/photo-links/" + forged).send());
        }
        assertStatus(200, api().get("/photo-links/" + token).send());
    }

    @Test
    void anExpiredLinkIsForbiddenAndThePreviousKeyStillSigns() {
        Tenant t = tenant();
        String path = "/v1.0/users/" + t.createUser("expiring").id();
        upload(path, t.adminToken(), TestImages.jpeg(300, 300));
        String[] fields = linkFields(linkToken(assertJson(get(path + "/photo/link", t.adminToken())).getString("url")));

        fields[2] = Long.toString(System.currentTimeMillis() / 1000 - 1);
        assertError(403, "ErrorAccessDenied", api().get("/photo-links/" + signLink(fields, TEST_ONLY_LINK_KEY)).send());
        // The same link with a future expiry is served: the 403 above is the expiry's.
        fields[2] = Long.toString(System.currentTimeMillis() / 1000 + 600);
        assertStatus(200, api().get("/photo-links/" + signLink(fields, TEST_ONLY_LINK_KEY)).send());
        // Rotation: links signed with the previous key keep working until they expire.
        assertStatus(200, api().get("/photo-links/" + signLink(fields, TEST_ONLY_PREVIOUS_LINK_KEY)).send());
    }

    @Test
    void aLinkCannotBeTurnedToAnotherTenantsPhoto() {
        Tenant a = tenant();
        Tenant b = tenant();
        String pathA = "/v1.0/users/" + a.createUser("a").id();
        String pathB = "/v1.0/users/" + b.createUser("b").id();
        upload(pathA, a.adminToken(), TestImages.jpeg(300, 300, Color.RED));
        upload(pathB, b.adminToken(), TestImages.jpeg(300, 300, Color.BLUE));
        String linkA = linkToken(assertJson(get(pathA + "/photo/link", a.adminToken())).getString("url"));
        String[] fieldsB = linkFields(linkToken(assertJson(get(pathB + "/photo/link", b.adminToken())).getString("url")));
        String[] fieldsA = linkFields(linkA);
        String[] spliced = fieldsA.clone();
        spliced[5] = fieldsB[5];
        spliced[6] = fieldsB[6];
        assertError(403, "ErrorAccessDenied",
                api().get("/photo-links/" + encodeLinkFields(spliced) + "." + linkA.split("\\.")[1]).send());
        // Tenant B's token does not make tenant A's photo reachable through B's own link endpoint either.
        assertStatus(404, get(pathA + "/photo/link", b.adminToken()));
    }

    @Test
    void aLinkToAChangedOrDeletedPhotoIsNotFound() {
        Tenant t = tenant();
        User user = t.createUser("changing");
        String path = "/v1.0/users/" + user.id();
        upload(path, t.adminToken(), TestImages.jpeg(300, 300, Color.RED));
        String first = api().pathOf(assertJson(get(path + "/photos/96x96/link", t.adminToken())).getString("url"));
        assertStatus(200, api().get(first).send());

        upload(path, t.adminToken(), TestImages.jpeg(300, 300, Color.GREEN));
        assertError(404, "ImageNotFound", api().get(first).send());
        String second = api().pathOf(assertJson(get(path + "/photos/96x96/link", t.adminToken())).getString("url"));
        assertTrue(TestImages.near(Color.GREEN, TestImages.centre(TestImages.decode(
                assertStatus(200, api().get(second).send()).body())), 40));

        assertStatus(204, api().delete(path + "/photo/$value").bearer(t.adminToken()).send());
        assertError(404, "ImageNotFound", api().get(second).send());

        upload(path, t.adminToken(), TestImages.jpeg(300, 300, Color.BLUE));
        String third = api().pathOf(assertJson(get(path + "/photo/link", t.adminToken())).getString("url"));
        assertStatus(204, api().delete(path).bearer(t.adminToken()).send());
        assertError(404, "ImageNotFound", api().get(third).send());
    }

    private static String linkToken(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** The fields of a link's payload (docs/links-and-changes.md): version, key id, expiry, width, height, tag, owner, tenant. */
    private static String[] linkFields(String token) {
        String payload = token.substring(0, token.indexOf('.'));
        String[] fields = new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split("\\|", 8);
        assertEquals(8, fields.length, Arrays.toString(fields));
        return fields;
    }

    private static String encodeLinkFields(String[] fields) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(String.join("|", fields).getBytes(StandardCharsets.UTF_8));
    }

    /** A link as Portrait signs it, with {@code key} (and that key's id). */
    private static String signLink(String[] fields, byte[] key) {
        try {
            String[] signed = fields.clone();
            signed[1] = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(key), 0, 4);
            String payload = encodeLinkFields(signed);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
            return payload + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ change feed (docs/api.md §13)

    @Test
    void theFirstDeltaRoundListsEveryOwnerThenEachChangeIsReportedOnce() {
        Tenant t = tenant();
        String admin = t.adminToken();
        User withPhoto = t.createUser("with-photo");
        User without = t.createUser("without");
        User leaving = t.createUser("leaving");
        upload("/v1.0/users/" + withPhoto.id(), admin, TestImages.jpeg(300, 300));
        String photoEtag = assertJson(get("/v1.0/users/" + withPhoto.id() + "/photo", admin)).getString("@odata.mediaEtag");
        String group = t.createGroup("Feed");

        DeltaRound first = deltaRound("/v1.0/users/delta", admin);
        assertTrue(first.byId.keySet().containsAll(Set.of(withPhoto.id(), without.id(), leaving.id())), first.byId::toString);
        assertFalse(first.byId.containsKey(group), "a group in the users feed");
        JsonObject listed = first.byId.get(withPhoto.id());
        assertEquals("with-photo", listed.getString("displayName"));
        assertEquals(withPhoto.upn(), listed.getString("userPrincipalName"));
        assertEquals(photoEtag, listed.getJsonObject("photo").getString("@odata.mediaEtag"));
        // The largest HD square not larger than the 300x300 upload.
        assertEquals(240, intOf(listed.getJsonObject("photo"), "width"));
        assertEquals(JsonValue.NULL, first.byId.get(without.id()).get("photo"));
        DeltaRound groups = deltaRound("/v1.0/groups/delta", admin);
        assertEquals(Set.of(group), groups.byId.keySet());
        assertFalse(groups.byId.get(group).containsKey("userPrincipalName"));

        // Nothing changed: an empty round.
        DeltaRound quiet = deltaRound(first.deltaLink, admin);
        assertEquals(Set.of(), quiet.byId.keySet());

        upload("/v1.0/users/" + without.id(), admin, TestImages.jpeg(200, 200));
        DeltaRound uploaded = deltaRound(quiet.deltaLink, admin);
        assertEquals(Set.of(without.id()), uploaded.byId.keySet());
        String newEtag = assertJson(get("/v1.0/users/" + without.id() + "/photo", admin)).getString("@odata.mediaEtag");
        assertEquals(newEtag, uploaded.byId.get(without.id()).getJsonObject("photo").getString("@odata.mediaEtag"));

        upload("/v1.0/users/" + without.id(), admin, TestImages.jpeg(200, 200, Color.GREEN));
        DeltaRound reuploaded = deltaRound(uploaded.deltaLink, admin);
        assertEquals(Set.of(without.id()), reuploaded.byId.keySet());
        assertNotEquals(newEtag, reuploaded.byId.get(without.id()).getJsonObject("photo").getString("@odata.mediaEtag"));

        assertStatus(204, api().delete("/v1.0/users/" + withPhoto.id() + "/photo/$value").bearer(admin).send());
        DeltaRound photoDeleted = deltaRound(reuploaded.deltaLink, admin);
        assertEquals(Set.of(withPhoto.id()), photoDeleted.byId.keySet());
        assertEquals(JsonValue.NULL, photoDeleted.byId.get(withPhoto.id()).get("photo"));

        assertStatus(204, api().delete("/v1.0/users/" + leaving.id()).bearer(admin).send());
        DeltaRound ownerDeleted = deltaRound(photoDeleted.deltaLink, admin);
        assertEquals(Set.of(leaving.id()), ownerDeleted.byId.keySet());
        assertEquals(JSON.createObjectBuilder().add("id", leaving.id())
                .add("@removed", JSON.createObjectBuilder().add("reason", "deleted")).build(), ownerDeleted.byId.get(leaving.id()));

        User joined = t.createUser("joined");
        assertStatus(204, api().patch("/v1.0/users/" + without.id(),
                JSON.createObjectBuilder().add("displayName", "renamed").build().toString().getBytes(StandardCharsets.UTF_8),
                "application/json").bearer(admin).send());
        DeltaRound created = deltaRound(ownerDeleted.deltaLink, admin);
        assertEquals(Set.of(joined.id(), without.id()), created.byId.keySet());
        assertEquals("renamed", created.byId.get(without.id()).getString("displayName"));
        assertEquals(Set.of(), deltaRound(created.deltaLink, admin).byId.keySet());
        // Groups saw none of it.
        assertEquals(Set.of(), deltaRound(groups.deltaLink, admin).byId.keySet());
    }

    @Test
    void deltaRoundsArePagedByTop() {
        Tenant t = tenant();
        String admin = t.adminToken();
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            created.add(t.createUser("paged" + i).id());
        }
        List<JsonObject> pages = new ArrayList<>();
        DeltaRound round = deltaRound("/v1.0/users/delta?$top=3", admin, pages);
        assertTrue(round.byId.keySet().containsAll(created));
        assertEquals(round.count, round.byId.size(), "an owner listed twice in one round");
        assertTrue(pages.size() >= 3, "8 users in pages of 3");
        for (JsonObject page : pages.subList(0, pages.size() - 1)) {
            assertEquals(3, page.getJsonArray("value").size());
            assertFalse(page.containsKey("@odata.deltaLink"));
        }
        // Later rounds are paged the same way.
        for (String id : created) {
            upload("/v1.0/users/" + id, admin, TestImages.jpeg(60, 60));
        }
        List<JsonObject> changedPages = new ArrayList<>();
        DeltaRound changed = deltaRound(round.deltaLink.replace("?", "?$top=2&"), admin, changedPages);
        assertEquals(created, changed.byId.keySet());
        assertEquals(4, changedPages.size());
        assertEquals(7, changed.count);

        assertBadRequest(get("/v1.0/users/delta?$top=0", admin));
        assertBadRequest(get("/v1.0/users/delta?$top=1001", admin));
        assertBadRequest(get("/v1.0/users/delta?$skiptoken=not-a-token", admin));
        assertBadRequest(get("/v1.0/users/delta?$filter=id", admin));
    }

    /** A round during concurrent uploads, then one after them, together report every upload's final ETag. */
    @Test
    void roundsDuringConcurrentUploadsMissNoUpload() throws Exception {
        Tenant t = tenant();
        String admin = t.adminToken();
        List<User> users = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            users.add(t.createUser("racer" + i));
        }
        String deltaLink = deltaRound("/v1.0/users/delta", admin).deltaLink;
        Map<String, String> reported = new HashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Api.Response>> uploads = new ArrayList<>();
            for (User user : users) {
                byte[] image = TestImages.jpeg(120, 120, new Color(user.id().hashCode() & 0xFFFFFF));
                uploads.add(pool.submit(() -> {
                    start.await();
                    return api().put("/v1.0/users/" + user.id() + "/photo/$value", image, "image/jpeg").bearer(admin).send();
                }));
            }
            start.countDown();
            // Rounds while the uploads run; each starts at the previous round's token.
            while (!uploads.stream().allMatch(Future::isDone)) {
                DeltaRound during = deltaRound(deltaLink, admin);
                during.byId.forEach((id, object) -> reported.put(id, photoEtagOf(object)));
                deltaLink = during.deltaLink;
            }
            for (Future<Api.Response> upload : uploads) {
                assertStatus(200, upload.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        DeltaRound after = deltaRound(deltaLink, admin);
        after.byId.forEach((id, object) -> reported.put(id, photoEtagOf(object)));
        Map<String, String> finalEtags = new HashMap<>();
        for (User user : users) {
            finalEtags.put(user.id(), assertJson(get("/v1.0/users/" + user.id() + "/photo", admin)).getString("@odata.mediaEtag"));
        }
        assertEquals(finalEtags, reported);
    }

    @Test
    void aDeltaTokenCanBeReusedAndAnUnknownOneIsGone() {
        Tenant t = tenant();
        String admin = t.adminToken();
        User user = t.createUser("reused");
        String deltaLink = deltaRound("/v1.0/users/delta", admin).deltaLink;
        upload("/v1.0/users/" + user.id(), admin, TestImages.jpeg(100, 100));
        DeltaRound once = deltaRound(deltaLink, admin);
        DeltaRound again = deltaRound(deltaLink, admin);
        assertEquals(Set.of(user.id()), once.byId.keySet());
        assertEquals(once.byId, again.byId);
        assertEquals(once.deltaLink, again.deltaLink);

        String future = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("USER|D|999999999".getBytes(StandardCharsets.UTF_8));
        assertError(410, "SyncStateNotFound", get("/v1.0/users/delta?$deltatoken=" + future, admin));
        // A users token is not a groups token.
        String usersToken = once.deltaLink.substring(once.deltaLink.indexOf("$deltatoken=") + "$deltatoken=".length());
        assertBadRequest(get("/v1.0/groups/delta?$deltatoken=" + usersToken, admin));
        // The feed needs the permission to read other users' photos.
        assertStatus(403, get("/v1.0/users/delta", t.delegated(t.unknownUser("plain"), "User.Read")));
        assertStatus(200, get("/v1.0/users/delta", t.app("ProfilePhoto.Read.All")));
        assertUnauthorized(api().get("/v1.0/users/delta").send());
    }

    /** One delta round followed from its first page to its deltaLink. */
    private record DeltaRound(Map<String, JsonObject> byId, int count, String deltaLink) {
    }

    private DeltaRound deltaRound(String first, String token) {
        return deltaRound(first, token, new ArrayList<>());
    }

    private DeltaRound deltaRound(String first, String token, List<JsonObject> pages) {
        Map<String, JsonObject> byId = new LinkedHashMap<>();
        int count = 0;
        String next = first;
        for (int page = 0; page < 1000; page++) {
            JsonObject json = assertJson(get(next.startsWith("http") ? api().pathOf(next) : next, token));
            pages.add(json);
            for (JsonValue value : json.getJsonArray("value")) {
                JsonObject object = value.asJsonObject();
                byId.put(object.getString("id"), object);
                count++;
            }
            if (json.containsKey("@odata.deltaLink")) {
                assertFalse(json.containsKey("@odata.nextLink"));
                return new DeltaRound(byId, count, json.getString("@odata.deltaLink"));
            }
            next = json.getString("@odata.nextLink");
        }
        throw new AssertionError("a delta round without end");
    }

    private static String photoEtagOf(JsonObject object) {
        JsonValue photo = object.get("photo");
        return photo == null || photo == JsonValue.NULL ? null : photo.asJsonObject().getString("@odata.mediaEtag");
    }

    // ------------------------------------------------------------------ helpers

    private Api.Response get(String path, String token) {
        return api().get(path).bearer(token).send();
    }

    // ------------------------------------------------------------------ reads served from memory (docs/performance.md)

    /**
     * Reads are answered from memory once warm: every kind of write must be seen by the very next read, with
     * the new bytes and ETag, or the owner or photo gone. Each read below is repeated first, so that what it
     * answers is in the caches when the write comes.
     */
    @Test
    void everyWriteIsSeenByTheNextRead() {
        Tenant t = tenant();
        String admin = t.adminToken();
        User user = t.createUser("cached");
        String path = "/v1.0/users/" + user.id();

        upload(path, admin, TestImages.jpeg(100, 100, Color.RED));
        byte[] red = warm(path + "/photo/$value", admin);
        warm(path + "/photo", admin);
        warm(path + "/photos/48x48/$value", admin);
        String redTag = assertJson(get(path + "/photo", admin)).getString("@odata.mediaEtag");

        // re-upload: new bytes and ETag on every form of read
        upload(path, admin, TestImages.jpeg(100, 100, Color.BLUE));
        Api.Response blue = get(path + "/photo/$value", admin);
        assertEquals(Color.BLUE, TestImages.colourOf(assertStatus(200, blue).body(), List.of(Color.RED, Color.BLUE)));
        String blueTag = blue.header("ETag").orElseThrow();
        assertNotEquals(redTag, blueTag);
        assertEquals(blueTag, assertJson(get(path + "/photo", admin)).getString("@odata.mediaEtag"));
        assertFalse(Arrays.equals(red, blue.body()));
        assertStatus(200, api().get(path + "/photo/$value").bearer(admin).header("If-None-Match", redTag).send());

        // delete the photo: gone from every form
        assertStatus(204, api().delete(path + "/photo").bearer(admin).send());
        assertError(404, "ImageNotFound", get(path + "/photo/$value", admin));
        assertError(404, "ImageNotFound", get(path + "/photos/48x48/$value", admin));
        assertOneByOne(assertJson(get(path + "/photo", admin)));

        // rename: the old userPrincipalName no longer finds the user, the new one does
        upload(path, admin, TestImages.jpeg(100, 100, Color.GREEN));
        String byUpn = "/v1.0/users/" + user.upn();
        warm(byUpn + "/photo/$value", admin);
        String renamed = "renamed." + user.upn();
        assertStatus(204, api().request("PATCH", path).json(JSON.createObjectBuilder().add("userPrincipalName", renamed).build())
                .bearer(admin).send());
        assertError(404, "Request_ResourceNotFound", get(byUpn + "/photo/$value", admin));
        assertStatus(200, get("/v1.0/users/" + renamed + "/photo/$value", admin));

        // delete the owner: not found, by id and by name
        warm(path + "/photo/$value", admin);
        assertStatus(204, api().delete(path).bearer(admin).send());
        assertError(404, "Request_ResourceNotFound", get(path + "/photo/$value", admin));
        assertError(404, "Request_ResourceNotFound", get("/v1.0/users/" + renamed + "/photo/$value", admin));

        // a contact in a folder, then the folder deleted with it
        String me = t.delegated(t.unknownUser("cachedcontacts"), "Contacts.ReadWrite");
        String folder = t.createFolder("me", me, "Cached");
        String contact = t.createFolderContact("me", folder, me, "Cached contact");
        String contactPath = "/v1.0/me/contactFolders/" + folder + "/contacts/" + contact;
        upload(contactPath, me, TestImages.jpeg(64, 64, Color.RED));
        warm(contactPath + "/photo/$value", me);
        assertStatus(204, api().delete("/v1.0/me/contactFolders/" + folder).bearer(me).send());
        assertError(404, "Request_ResourceNotFound", get(contactPath + "/photo/$value", me));

        // a group, deleted
        String group = "/v1.0/groups/" + t.createGroup("Cached group");
        upload(group, admin, TestImages.jpeg(64, 64, Color.RED));
        warm(group + "/photo/$value", admin);
        assertStatus(204, api().delete(group).bearer(admin).send());
        assertError(404, "Request_ResourceNotFound", get(group + "/photo/$value", admin));
    }

    /** Reads twice (the second from memory) and returns the body. */
    private byte[] warm(String path, String token) {
        byte[] first = assertStatus(200, get(path, token)).body();
        assertArrayEquals(first, assertStatus(200, get(path, token)).body());
        return first;
    }

    private void upload(String ownerPath, String token, byte[] image) {
        assertStatus(200, api().put(ownerPath + "/photo/$value", image, "image/jpeg").bearer(token).send());
    }

    private byte[] value(String path, String token) {
        Api.Response response = get(path, token);
        assertStatus(200, response);
        return response.body();
    }

    private Map<String, String> etags(String ownerPath, String token) {
        return GraphAssertions.photoEtags(api(), ownerPath, token);
    }

    /** id -> bytes of each size listed in {@code etags}, each checked against its ETag. */
    private Map<String, byte[]> allBytes(String ownerPath, String token, Map<String, String> etags) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        etags.forEach((id, etag) -> {
            String[] wh = id.split("X");
            bytes.put(id, assertImageResponse(get(ownerPath + "/photos/" + id.toLowerCase() + "/$value", token), etag,
                    Integer.parseInt(wh[0]), Integer.parseInt(wh[1])));
        });
        return bytes;
    }

    /** A $value response (docs/api.md §5): JPEG of that size with ETag (= etag unless null) and caching headers. */
    private static byte[] assertImageResponse(Api.Response response, String etag, int width, int height) {
        assertStatus(200, response);
        assertEquals("image/jpeg", response.header("Content-Type").orElse(null), response::toString);
        String actualEtag = response.header("ETag").orElse("");
        if (etag != null) {
            assertEquals(etag, actualEtag, () -> "ETag header must equal @odata.mediaEtag: " + response);
        } else {
            assertTrue(actualEtag.matches("\"[^\"]+\""), () -> "ETag missing or unquoted: " + response);
        }
        assertEquals(String.valueOf(response.body().length), response.header("Content-Length").orElse(null),
                response::toString);
        assertTrue(response.headerValues("Cache-Control").contains("private"), response::toString);
        assertTrue(response.headerValues("Vary").contains("Authorization"), response::toString);
        assertTrue(TestImages.isJpeg(response.body()), () -> "not JPEG bytes: " + response);
        BufferedImage image = TestImages.decode(response.body());
        assertEquals(width + "x" + height, image.getWidth() + "x" + image.getHeight(), response::toString);
        return response.body();
    }

    private static void assertContext(JsonObject metadata, Owner owner, String base, String suffix) {
        String context = metadata.getString("@odata.context", "");
        if (owner.contextEntity() != null) {
            assertEquals(base + "/$metadata#" + owner.contextEntity() + suffix, context, metadata::toString);
        } else {
            assertTrue(context.startsWith(base + "/$metadata#") && context.endsWith(suffix)
                    && context.contains(owner.mark()), () -> "@odata.context " + context);
        }
    }

    private static void assertOdataId(JsonObject metadata, Owner owner, String base) {
        String id = metadata.getString("@odata.id", "");
        if (owner.odataId() != null) {
            assertEquals(base + "/" + owner.odataId() + "/photo", id, metadata::toString);
        } else {
            assertTrue(id.startsWith(base + "/") && id.endsWith("/photo") && id.contains(owner.mark()),
                    () -> "@odata.id " + id);
        }
    }

    private static List<String> ids(JsonObject list) {
        return list.getJsonArray("value").stream().map(v -> v.asJsonObject().getString("id")).toList();
    }

    // ==================================================================================================================
    // Hardening: behaviour the contract implies under concurrency, odd input and odd tokens. Self-contained section
    // (its own helpers below); every test still makes its own tenant.
    // ==================================================================================================================

    /**
     * While three threads upload two alternating images to one owner, four readers of {@code photos/48x48/$value},
     * {@code photo/$value} and {@code photos/48x48} only ever see one of the complete photos: 200, a decodable JPEG
     * of the right size whose ETag is one the owner's size had, never a 404 or 500 in between (docs/api.md §4: atomic).
     */
    @Test
    void readsDuringUploadsAlwaysSeeACompletePhoto() throws Exception {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("busy"), "User.ReadWrite");
        String p = "/v1.0/me";
        byte[] green = TestImages.jpeg(700, 660, Color.GREEN);
        byte[] red = TestImages.jpeg(700, 660, Color.RED);
        // the ETags each image gives each size; the race uploads exactly these bytes again
        upload(p, token, green);
        Map<String, String> greenEtags = etags(p, token);
        upload(p, token, red);
        Map<String, String> redEtags = etags(p, token);
        assertNotEquals(greenEtags.get("48X48"), redEtags.get("48X48"));
        Set<String> known48 = Set.of(greenEtags.get("48X48"), redEtags.get("48X48"));
        Set<String> known648 = Set.of(greenEtags.get("648X648"), redEtags.get("648X648"));

        int uploads = 20;
        AtomicInteger next = new AtomicInteger();
        AtomicBoolean uploading = new AtomicBoolean(true);
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Map<String, Integer> bytesByEtag = new ConcurrentHashMap<>();
        AtomicInteger reads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(7);
        try {
            List<Future<List<Integer>>> uploaders = new ArrayList<>();
            for (int thread = 0; thread < 3; thread++) {
                uploaders.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int i = next.getAndIncrement(); i < uploads; i = next.getAndIncrement()) {
                        statuses.add(api().put(p + "/photo/$value", i % 2 == 0 ? green : red, "image/jpeg")
                                .bearer(token).send().status());
                    }
                    return statuses;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                readers.add(pool.submit(() -> {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (uploading.get() && System.nanoTime() < deadline && problems.size() < 10) {
                        checkRead(get(p + "/photos/48x48/$value", token), 48, known48, bytesByEtag, problems);
                        checkRead(get(p + "/photo/$value", token), 648, known648, bytesByEtag, problems);
                        Api.Response metadata = get(p + "/photos/48x48", token);
                        if (metadata.status() != 200) {
                            problems.add(metadata.toString());
                        } else if (!known48.contains(metadata.json().getString("@odata.mediaEtag", ""))) {
                            problems.add("unknown mediaEtag: " + metadata);
                        }
                        reads.addAndGet(3);
                    }
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<List<Integer>> uploader : uploaders) {
                statuses.addAll(uploader.get(60, TimeUnit.SECONDS));
            }
            uploading.set(false);
            for (Future<?> reader : readers) {
                reader.get(30, TimeUnit.SECONDS);
            }
            assertEquals(Collections.nCopies(uploads, 200), statuses, "every upload must succeed");
        } finally {
            uploading.set(false);
            pool.shutdownNow();
        }
        assertEquals(List.of(), problems, () -> "reads during uploads (" + reads + " reads)");
        assertTrue(reads.get() >= 6, () -> "the reader hardly ran: " + reads + " reads");
        // and the end state is one of the two complete photos
        Map<String, String> after = etags(p, token);
        assertTrue(after.equals(greenEtags) || after.equals(redEtags), () -> "end state is no single upload: " + after);
    }

    /** One read of the race above: 200, JPEG of side x side, a known ETag, and the same bytes for the same ETag. */
    private static void checkRead(Api.Response response, int side, Set<String> knownEtags,
                                  Map<String, Integer> bytesByEtag, List<String> problems) {
        if (response.status() != 200) {
            problems.add(response.toString());
            return;
        }
        String etag = response.header("ETag").orElse("");
        if (!knownEtags.contains(etag)) {
            problems.add("ETag " + etag + " is none of " + knownEtags + ": " + response);
        }
        try {
            BufferedImage image = TestImages.decode(response.body());
            if (!TestImages.isJpeg(response.body()) || image.getWidth() != side || image.getHeight() != side) {
                problems.add("not a " + side + "x" + side + " JPEG: " + response);
            }
        } catch (AssertionError e) {
            problems.add(e.getMessage() + ": " + response);
        }
        Integer bytes = Arrays.hashCode(response.body());
        Integer earlier = bytesByEtag.putIfAbsent(etag, bytes);
        if (earlier != null && !earlier.equals(bytes)) {
            problems.add("ETag " + etag + " served with different bytes: " + response);
        }
    }

    /** Eight first requests of one new delegated caller at once: all succeed, and one user is created. */
    @Test
    void concurrentFirstRequestsOfANewCallerAllSucceed() throws Exception {
        Tenant t = tenant();
        User newcomer = t.unknownUser("eager");
        String token = t.delegated(newcomer, "User.ReadWrite");
        List<Api.Response> responses = race(8, i -> i % 2 == 0
                ? api().get("/v1.0/me/photo").bearer(token).send()
                : api().get("/v1.0/me").bearer(token).send());
        assertAll(responses.stream().map(r -> () -> assertJson(r)));
        assertEquals(1, ids(assertJson(get("/v1.0/users", t.adminToken()))).stream()
                .filter(newcomer.id()::equals).count());
    }

    /**
     * Deleting or renaming oneself is an administrator's act: User.ReadWrite may change one's displayName but not
     * one's userPrincipalName, nor delete oneself; User.ReadWrite.All may do both.
     */
    @Test
    void deletingOrRenamingYourselfNeedsUserReadWriteAll() {
        Tenant t = tenant();
        User self = t.createUser("self");
        String readWrite = t.delegated(self, "User.ReadWrite");
        String renamed = "renamed." + UUID.randomUUID().toString().substring(0, 6) + "@" + t.domain();

        assertError(403, "ErrorAccessDenied", api().delete("/v1.0/users/" + self.id()).bearer(readWrite).send());
        assertError(403, "ErrorAccessDenied", api().request("PATCH", "/v1.0/me")
                .json(JSON.createObjectBuilder().add("userPrincipalName", renamed).build()).bearer(readWrite).send());
        assertError(403, "ErrorAccessDenied", api().request("PATCH", "/v1.0/users/" + self.id())
                .json(JSON.createObjectBuilder().add("userPrincipalName", renamed).build()).bearer(readWrite).send());
        JsonObject unchanged = assertJson(get("/v1.0/users/" + self.id(), t.adminToken()));
        assertEquals(self.upn(), unchanged.getString("userPrincipalName", null), unchanged::toString);
        assertError(404, "Request_ResourceNotFound", get("/v1.0/users/" + renamed, t.adminToken()));

        assertStatus(204, api().request("PATCH", "/v1.0/me")
                .json(JSON.createObjectBuilder().add("displayName", "New").build()).bearer(readWrite).send());
        JsonObject me = assertJson(get("/v1.0/me", readWrite));
        assertEquals("New", me.getString("displayName", null), me::toString);
        assertEquals(self.upn(), me.getString("userPrincipalName", null), me::toString);

        String readWriteAll = t.delegated(self, "User.ReadWrite.All");
        assertStatus(204, api().request("PATCH", "/v1.0/me")
                .json(JSON.createObjectBuilder().add("userPrincipalName", renamed).build()).bearer(readWriteAll).send());
        assertEquals(self.id(), assertJson(get("/v1.0/users/" + renamed, t.adminToken())).getString("id"));
        assertStatus(204, api().delete("/v1.0/users/" + self.id()).bearer(readWriteAll).send());
        assertError(404, "Request_ResourceNotFound", get("/v1.0/users/" + self.id(), t.adminToken()));
        assertError(404, "Request_ResourceNotFound", get("/v1.0/users/" + renamed, t.adminToken()));
    }

    /**
     * userPrincipalName is a user property only: groups and contacts ignore it (not stored, not echoed), so it
     * never blocks a user's UPN, nor the first sign-in of the user who owns it.
     */
    @Test
    void userPrincipalNameBelongsToUsersOnly() {
        Tenant t = tenant();
        String admin = t.adminToken();
        String upn = "shared." + UUID.randomUUID().toString().substring(0, 6) + "@" + t.domain();
        JsonObject group = JSON.createObjectBuilder().add("displayName", "Has UPN").add("userPrincipalName", upn).build();
        for (int i = 0; i < 2; i++) {
            Api.Response created = api().post("/v1.0/groups", group).bearer(admin).send();
            assertStatus(201, created);
            assertFalse(created.json().containsKey("userPrincipalName"), created::toString);
            JsonObject read = assertJson(get("/v1.0/groups/" + created.json().getString("id"), admin));
            assertFalse(read.containsKey("userPrincipalName"), read::toString);
        }
        assertError(404, "Request_ResourceNotFound", get("/v1.0/users/" + upn, admin));

        // a colleague created by the administrator, then a contact carrying the colleague's UPN
        Api.Response colleagueCreated = api().post("/v1.0/users", JSON.createObjectBuilder()
                .add("displayName", "Colleague").add("userPrincipalName", upn).build()).bearer(admin).send();
        assertStatus(201, colleagueCreated);
        User colleague = new User(colleagueCreated.json().getString("id"), upn);
        User author = t.unknownUser("author");
        String authorToken = t.delegated(author, "Contacts.ReadWrite");
        Api.Response contact = api().post("/v1.0/me/contacts", JSON.createObjectBuilder()
                .add("displayName", "c").add("userPrincipalName", upn).build()).bearer(authorToken).send();
        assertStatus(201, contact);
        assertFalse(contact.json().containsKey("userPrincipalName"), contact::toString);

        String colleagueToken = t.delegated(colleague, "User.Read");
        JsonObject me = assertJson(get("/v1.0/me", colleagueToken));
        assertEquals(colleague.id(), me.getString("id", null), me::toString);
        assertEquals(upn, me.getString("userPrincipalName", null), me::toString);
        assertJson(get("/v1.0/me/photo", colleagueToken));
        assertEquals(colleague.id(), assertJson(get("/v1.0/users/" + upn, admin)).getString("id"));

        // a contact carrying the UPN of someone who has not signed in yet: their first sign-in still works
        User newcomer = t.unknownUser("newcomer");
        assertStatus(201, api().post("/v1.0/me/contacts", JSON.createObjectBuilder()
                .add("displayName", "c2").add("userPrincipalName", newcomer.upn()).build()).bearer(authorToken).send());
        String newcomerToken = t.delegated(newcomer, "User.Read");
        JsonObject first = assertJson(get("/v1.0/me", newcomerToken));
        assertEquals(newcomer.id(), first.getString("id", null), first::toString);
        assertJson(get("/v1.0/me/photo", newcomerToken));
        assertEquals(newcomer.id(), assertJson(get("/v1.0/users/" + newcomer.upn(), admin)).getString("id"));
    }

    /**
     * Eight POST /users with one userPrincipalName at once (two spellings): one 201, seven 400 Request_BadRequest,
     * never a 500. Three rounds, as one round does not always hit the window.
     */
    @Test
    void concurrentUsersWithOneUpnCreateExactlyOne() throws Exception {
        Tenant t = tenant();
        String admin = t.adminToken();
        assertJson(get("/v1.0/users", admin)); // the administrator's own first-use creation is not part of the race
        for (int round = 0; round < 3; round++) {
            String upn = "race" + round + "." + UUID.randomUUID().toString().substring(0, 6) + "@" + t.domain();
            List<Api.Response> responses = race(8, i -> api().post("/v1.0/users", JSON.createObjectBuilder()
                    .add("displayName", "Racer " + i)
                    .add("userPrincipalName", i % 2 == 0 ? upn : upn.toUpperCase())
                    .build()).bearer(admin).send());
            List<Api.Response> created = responses.stream().filter(r -> r.status() == 201).toList();
            assertEquals(1, created.size(), () -> "exactly one must be created: " + responses);
            assertAll(responses.stream().filter(r -> r.status() != 201)
                    .map(r -> () -> assertError(400, "Request_BadRequest", r)));
            String id = created.get(0).json().getString("id");
            assertEquals(id, assertJson(get("/v1.0/users/" + upn, admin)).getString("id"));
            long holders = assertJson(get("/v1.0/users", admin)).getJsonArray("value").stream()
                    .map(JsonValue::asJsonObject)
                    .filter(u -> upn.equalsIgnoreCase(u.getString("userPrincipalName", "")))
                    .count();
            assertEquals(1, holders, "users holding the UPN");
        }
    }

    static Stream<Arguments> outOfBoundsUserBodies() {
        String big = "x".repeat(100 * 1024);
        return Stream.of(
                Arguments.of("displayName of 600 characters", 400,
                        (Function<String, String>) upn -> user(upn).add("displayName", "d".repeat(600)).build().toString()),
                Arguments.of("displayName with U+0000", 400,
                        (Function<String, String>) upn -> user(upn).add("displayName", "Nul\u0000Name").build().toString()),
                Arguments.of("id with a slash", 400,
                        (Function<String, String>) upn -> user(upn).add("id", "a/b").build().toString()),
                Arguments.of("id with an at sign", 400,
                        (Function<String, String>) upn -> user(upn).add("id", "a@b").build().toString()),
                Arguments.of("100 KiB displayName", 413,
                        (Function<String, String>) upn -> user(upn).add("displayName", big).build().toString()),
                Arguments.of("100 KiB padding property", 413,
                        (Function<String, String>) upn -> user(upn).add("padding", big).build().toString()),
                Arguments.of("a JSON array", 400,
                        (Function<String, String>) upn -> "[" + user(upn).build() + "]"),
                Arguments.of("trailing garbage", 400,
                        (Function<String, String>) upn -> user(upn).build() + " garbage"),
                Arguments.of("two objects", 400,
                        (Function<String, String>) upn -> user(upn).build() + "{}"),
                Arguments.of("nesting deeper than the parser allows", 400,
                        (Function<String, String>) upn -> "{\"a\":".repeat(1001) + "1" + "}".repeat(1001)),
                Arguments.of("an empty body", 400, (Function<String, String>) upn -> ""));
    }

    private static JsonObjectBuilder user(String upn) {
        return JSON.createObjectBuilder().add("displayName", "Bounded").add("userPrincipalName", upn);
    }

    /** POST /users bodies out of bounds: 400 (or 413 over 64 KiB), a Graph error, and no user created. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("outOfBoundsUserBodies")
    void outOfBoundsUserBodiesAreRefused(String name, int status, Function<String, String> body) {
        Tenant t = tenant();
        String admin = t.adminToken();
        String upn = "bounded." + UUID.randomUUID().toString().substring(0, 6) + "@" + t.domain();
        Api.Response response = api().request("POST", "/v1.0/users")
                .body(body.apply(upn).getBytes(StandardCharsets.UTF_8), "application/json").bearer(admin).send();
        if (status == 413) {
            assertError(413, "RequestEntityTooLarge", response);
        } else {
            assertBadRequest(response);
        }
        assertError(404, "Request_ResourceNotFound", get("/v1.0/users/" + upn, admin));
    }

    /** The same bounds hold for PATCH and for groups and contacts (one body reader). */
    @Test
    void theSameBoundsHoldForPatchGroupsAndContacts() {
        Tenant t = tenant();
        String admin = t.adminToken();
        User user = t.createUser("bounded");
        assertBadRequest(api().request("PATCH", "/v1.0/users/" + user.id())
                .json(JSON.createObjectBuilder().add("displayName", "d".repeat(600)).build()).bearer(admin).send());
        assertBadRequest(api().request("PATCH", "/v1.0/users/" + user.id())
                .json(JSON.createObjectBuilder().add("displayName", "a\u0000b").build()).bearer(admin).send());
        assertEquals("bounded", assertJson(get("/v1.0/users/" + user.id(), admin)).getString("displayName"));
        assertBadRequest(api().post("/v1.0/groups",
                JSON.createObjectBuilder().add("displayName", "g".repeat(600)).build()).bearer(admin).send());
        assertError(413, "RequestEntityTooLarge", api().post("/v1.0/me/contacts",
                JSON.createObjectBuilder().add("displayName", "c".repeat(100 * 1024)).build()).bearer(admin).send());
        assertBadRequest(api().request("POST", "/v1.0/me/contacts")
                .body("[]".getBytes(StandardCharsets.UTF_8), "application/json").bearer(admin).send());
        assertEquals(List.of(), ids(assertJson(get("/v1.0/me/contacts", admin))));
    }

    /** Ids are case-insensitive keys, canonically lower case. */
    @Test
    void userIdsAreCaseInsensitive() {
        Tenant t = tenant();
        String admin = t.adminToken();
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String id = "AbC-1" + suffix.toUpperCase();
        Api.Response created = api().post("/v1.0/users", user("abc." + suffix + "@" + t.domain()).add("id", id).build())
                .bearer(admin).send();
        assertStatus(201, created);
        String canonical = id.toLowerCase();
        assertEquals(canonical, created.json().getString("id"), created::toString);
        for (String spelling : List.of(canonical, id.toUpperCase(), id)) {
            JsonObject read = assertJson(get("/v1.0/users/" + spelling, admin));
            assertEquals(canonical, read.getString("id"), read::toString);
        }
        upload("/v1.0/users/" + id.toUpperCase(), admin, TestImages.jpeg(100, 100));
        assertEquals(etags("/v1.0/users/" + canonical, admin), etags("/v1.0/users/" + id, admin));
        JsonObject photo = assertJson(get("/v1.0/users/" + id + "/photo", admin));
        assertEquals(api().origin() + "/v1.0/users('" + canonical + "@" + t.id() + "')/photo",
                photo.getString("@odata.id"), photo::toString);
        // a second user whose id differs only in case is the same id
        assertError(400, "Request_BadRequest", api().post("/v1.0/users",
                user("other." + suffix + "@" + t.domain()).add("id", id.toUpperCase()).build()).bearer(admin).send());
    }

    /** A user id that spells a path keyword is an id, not a keyword: only keyword positions are canonicalised. */
    @ParameterizedTest
    @ValueSource(strings = {"photos", "Photo"})
    void userIdsThatSpellKeywordsAreReachable(String id) {
        Tenant t = tenant();
        String admin = t.adminToken();
        Api.Response created = api().post("/v1.0/users",
                user(id.toLowerCase() + "." + UUID.randomUUID().toString().substring(0, 6) + "@" + t.domain())
                        .add("id", id).build()).bearer(admin).send();
        assertStatus(201, created);
        String canonical = id.toLowerCase();
        assertEquals(canonical, assertJson(get("/v1.0/users/" + id, admin)).getString("id"));
        assertEquals(canonical, assertJson(get("/v1.0/users/" + canonical, admin)).getString("id"));
        assertOneByOne(assertJson(get("/v1.0/users/" + id + "/photo", admin)));
        upload("/v1.0/users/" + id, admin, TestImages.jpeg(100, 100));
        assertPhotoMetadata(assertJson(get("/v1.0/users/" + id + "/photo", admin)), 96, 96);
        assertPhotoMetadata(assertJson(get("/v1.0/users/" + canonical + "/photos/48x48", admin)), 48, 48);
        assertImageResponse(get("/beta/users/" + id + "/photo/$value", admin), null, 96, 96);
        assertEquals(3, assertJson(get("/v1.0/users/" + id + "/photos", admin)).getJsonArray("value").size());
        assertTrue(ids(assertJson(get("/v1.0/users", admin))).contains(canonical));
    }

    /** $select applies to each element of the photos list. */
    @Test
    void selectOnThePhotosListSelectsInEachElement() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("listselect"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(100, 100));
        JsonObject list = assertJson(get("/v1.0/me/photos?$select=id", token));
        JsonArray value = list.getJsonArray("value");
        assertEquals(List.of("48X48", "64X64", "96X96"),
                value.stream().map(v -> v.asJsonObject().getString("id")).toList(), list::toString);
        assertAll(value.stream().map(v -> () -> assertEquals(Set.of("id"), v.asJsonObject().keySet(), list::toString)));
        assertTrue(list.containsKey("@odata.context"), list::toString);

        JsonObject two = assertJson(get("/v1.0/me/photos?%24select=width,id", token));
        assertAll(two.getJsonArray("value").stream()
                .map(v -> () -> assertEquals(Set.of("id", "width"), v.asJsonObject().keySet(), two::toString)));

        assertError(400, "BadRequest", get("/v1.0/me/photos?$select=foo", token));
        assertError(400, "BadRequest", get("/v1.0/me/photos?$select=id,foo", token));
    }

    /**
     * Every property of Graph's user, group and contact answers $select (Graph Toolkit's select list): those
     * Portrait keeps with their values, the others null or []; a name that is no Graph property stays a 400.
     */
    @Test
    void selectTakesEveryGraphProperty() {
        Tenant t = tenant();
        User grace = t.createUser("grace");
        String token = t.adminToken();
        String toolkit = "businessPhones,displayName,givenName,jobTitle,department,mail,mobilePhone,officeLocation,"
                + "preferredLanguage,surname,userPrincipalName,id,userType";
        JsonObject user = assertJson(get("/v1.0/users/" + grace.id() + "?$select=" + toolkit, token));
        assertEquals(grace.id(), user.getString("id"));
        assertEquals(grace.upn(), user.getString("userPrincipalName"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, user.get("businessPhones"));
        assertEquals(JsonValue.NULL, user.get("jobTitle"));
        assertEquals(JsonValue.NULL, user.get("userType"));
        assertEquals(14, user.size(), user::toString); // 13 selected and @odata.context
        JsonObject listed = assertJson(get("/v1.0/users?$select=" + toolkit, token)).getJsonArray("value").getJsonObject(0);
        assertEquals(13, listed.size(), listed::toString);
        assertError(400, "BadRequest", get("/v1.0/users/" + grace.id() + "?$select=id,jobTitel", token));

        String groupId = created(api().post("/v1.0/groups", JSON.createObjectBuilder().add("displayName", "G").build())
                .bearer(token).send()).getString("id");
        JsonObject group = assertJson(get("/v1.0/groups/" + groupId + "?$select=displayName,groupTypes,visibility", token));
        assertEquals("G", group.getString("displayName"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, group.get("groupTypes"));
        assertEquals(JsonValue.NULL, group.get("visibility"));
        assertError(400, "BadRequest", get("/v1.0/groups/" + groupId + "?$select=userPrincipalName", token));

        String me = t.delegated(t.unknownUser("contacts"), "Contacts.ReadWrite");
        String contactId = created(api().post("/v1.0/me/contacts", JSON.createObjectBuilder().add("givenName", "Ada").build())
                .bearer(me).send()).getString("id");
        JsonObject contact = assertJson(get("/v1.0/me/contacts/" + contactId + "?$select=givenName,homePhones,jobTitle", me));
        assertEquals("Ada", contact.getString("givenName"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, contact.get("homePhones"));
        assertEquals(JsonValue.NULL, contact.get("jobTitle"));
    }

    private static JsonObject created(Api.Response response) {
        return assertStatus(201, response).json();
    }

    /** An unknown $select property is refused by empty lists too, not only when there is an element to check. */
    @Test
    void selectIsCheckedOnEmptyLists() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("emptyselect"), "User.ReadWrite.All Group.ReadWrite.All Contacts.ReadWrite");
        assertError(400, "BadRequest", get("/v1.0/me/photos?$select=foo", token));
        assertError(400, "BadRequest", get("/v1.0/groups?$select=foo", token));
        assertError(400, "BadRequest", get("/v1.0/me/contacts?$select=foo", token));
        assertError(400, "BadRequest", get("/v1.0/me/contactFolders?$select=userPrincipalName", token));
        assertEquals(0, assertJson(get("/v1.0/groups?$select=displayName,description", token)).getJsonArray("value").size());
    }

    /**
     * The OpenAPI document is served on every server this suite runs on (MicroProfile OpenAPI on Payara and
     * WildFly): the photo operations, the change feed and the link path. BrowserIT checks the whole document.
     */
    @Test
    void theOpenApiDocumentListsTheOperations() {
        JsonObject paths = assertJson(api().get("/openapi").header("Accept", "application/json").send()).getJsonObject("paths");
        assertTrue(paths.getJsonObject("/{version}/me/photo/$value").keySet().containsAll(Set.of("get", "put", "patch")), paths::toString);
        assertTrue(paths.getJsonObject("/{version}/users/{user}/photos/{size}/$value").containsKey("get"), paths::toString);
        assertTrue(paths.getJsonObject("/{version}/users/delta").containsKey("get"), paths::toString);
        assertTrue(paths.getJsonObject("/photo-links/{link}").containsKey("get"), paths::toString);
    }

    /**
     * The runtime's own health endpoint and Jersey's WADL are off. (/openapi and /metrics are open on purpose:
     * BrowserIT checks what they show.)
     */
    @Test
    void theRuntimesOwnEndpointsAreClosed() {
        for (String path : List.of("/health", "/application.wadl")) {
            Api.Response response = api().get(path).send();
            assertTrue(response.status() >= 400, path + " answered " + response.status());
            String type = response.header("Content-Type").orElse("");
            assertTrue(type.startsWith("application/json"), path + ": " + type);
        }
    }

    /** OPTIONS is no method of the API (405 Graph JSON, with or without a token), and there is no WADL. */
    @Test
    void optionsIsNotAllowedAndThereIsNoWadl() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("options"), "User.ReadWrite");
        for (String path : List.of("/v1.0/me/photo", "/beta/me/photo/$value", "/v1.0/me/photos/48x48", "/v1.0/users",
                "/v1.0/groups")) {
            assertAll(path,
                    () -> assertError(405, "MethodNotAllowed", api().request("OPTIONS", path).bearer(token).send()),
                    () -> assertError(405, "MethodNotAllowed", api().request("OPTIONS", path).send()),
                    () -> assertError(405, "MethodNotAllowed", api().request("OPTIONS", path).bearer(token)
                            .header("Accept", "application/vnd.sun.wadl+xml").send()));
        }
        for (String path : List.of("/application.wadl", "/application.wadl?detail=true", "/application.wadl/xsd0.xsd")) {
            assertAll(path,
                    () -> assertError(404, "Request_ResourceNotFound", api().get(path).send()),
                    () -> assertError(404, "Request_ResourceNotFound", api().get(path).bearer(token).send()));
        }
        // Under a version root, authentication comes first.
        assertUnauthorized(api().get("/v1.0/application.wadl").send());
        assertError(404, "Request_ResourceNotFound", api().get("/v1.0/application.wadl").bearer(token).send());
    }

    /** A tid that is not a string is no tenant: 401. */
    @Test
    void aNumericTenantIsUnauthorized() {
        String oid = UUID.randomUUID().toString();
        String token = TestTokens.delegated("x", oid, "n@numeric.example", "User.ReadWrite").claim("tid", 12345).build();
        assertUnauthorized(get("/v1.0/me/photo", token));
        assertUnauthorized(get("/v1.0/me/photo/$value", token));
        assertUnauthorized(api().put("/v1.0/me/photo/$value", TestImages.jpeg(60, 60), "image/jpeg").bearer(token).send());
    }

    /** scp given as a JSON array is read as the list of scopes. */
    @Test
    void scopesAsAJsonArrayAreScopes() {
        Tenant t = tenant();
        User me = t.unknownUser("array");
        String reader = TestTokens.delegated(t.id(), me.id(), me.upn()).claim("scp", List.of("User.Read")).build();
        assertOneByOne(assertJson(get("/v1.0/me/photo", reader)));
        assertError(403, "ErrorAccessDenied",
                api().put("/v1.0/me/photo/$value", TestImages.jpeg(60, 60), "image/jpeg").bearer(reader).send());
        String writer = TestTokens.delegated(t.id(), me.id(), me.upn())
                .claim("scp", List.of("User.Read", "User.ReadWrite")).build();
        upload("/v1.0/me", writer, TestImages.jpeg(60, 60));
        assertImageResponse(get("/v1.0/me/photo/$value", reader), null, 48, 48);
    }

    static Stream<Arguments> oddUpnClaims() {
        return Stream.of(
                Arguments.of("U+0000", "odd\u0000name@nul.example"),
                Arguments.of("2000 characters", "u".repeat(1985) + "@long.example"));
    }

    /** A upn (and preferred_username) claim the directory cannot hold is ignored or refused, never a 500. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("oddUpnClaims")
    void oddUpnClaimsAreNeverServerErrors(String name, String upn) {
        Tenant t = tenant();
        String oid = UUID.randomUUID().toString();
        String token = TestTokens.delegated(t.id(), oid, upn, "User.ReadWrite").build();
        Api.Response photo = get("/v1.0/me/photo", token);
        if (photo.status() == 401) {
            assertUnauthorized(photo);
            return;
        }
        assertOneByOne(assertJson(photo));
        JsonObject me = assertJson(get("/v1.0/me", token));
        assertEquals(oid, me.getString("id", null), me::toString);
        assertNotEquals(upn, me.getString("userPrincipalName", null), "the odd upn must be ignored");
        upload("/v1.0/me", token, TestImages.jpeg(60, 60));
        assertStatus(200, get("/v1.0/me/photo/$value", token));
    }

    /** An empty upload body, however framed, is an InvalidImage and keeps the previous photo. */
    @Test
    void emptyUploadBodiesAreInvalidImages() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("empty"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(100, 100));
        Map<String, String> before = etags("/v1.0/me", token);
        byte[] empty = new byte[0];
        assertAll(
                () -> assertError(400, "InvalidImage",
                        api().put("/v1.0/me/photo/$value", empty, "image/jpeg").bearer(token).send()),
                () -> assertError(400, "InvalidImage",
                        api().put("/v1.0/me/photo/$value", empty, "application/octet-stream").bearer(token).send()),
                () -> assertError(400, "InvalidImage",
                        api().patch("/beta/me/photo/$value", empty, "application/octet-stream").bearer(token).send()),
                () -> assertError(400, "InvalidImage",
                        api().put("/v1.0/me/photo/$value", empty, "image/jpeg").chunked().bearer(token).send()));
        assertEquals(before, etags("/v1.0/me", token));
    }

    /** A chunked upload (no Content-Length) is read like any other, within the same size limit. */
    @Test
    void chunkedUploadsAreReadAndBounded() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("chunked"), "User.ReadWrite");
        assertStatus(200, api().put("/v1.0/me/photo/$value", TestImages.jpeg(100, 100), "image/jpeg")
                .chunked().bearer(token).send());
        Map<String, String> before = etags("/v1.0/me", token);
        assertEquals(3, before.size());
        byte[] big = new byte[4 * 1024 * 1024 + 1];
        new Random(11).nextBytes(big);
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        assertError(413, "RequestEntityTooLarge",
                api().put("/v1.0/me/photo/$value", big, "image/jpeg").chunked().bearer(token).send());
        assertEquals(before, etags("/v1.0/me", token));
    }

    // ------------------------------------------------------------------ helpers of the hardening section

    /** 400 with the Graph error shape and one of Graph's two bad-request codes. */
    private static void assertBadRequest(Api.Response response) {
        assertStatus(400, response);
        String code = response.json().getJsonObject("error").getString("code", "");
        assertTrue(code.equals("BadRequest") || code.equals("Request_BadRequest"), () -> "error.code of " + response);
        assertError(400, code, response);
    }

    /** Sends {@code count} requests at once (released together) and returns their responses in order. */
    private static List<Api.Response> race(int count, Function<Integer, Api.Response> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Api.Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.apply(index);
                }));
            }
            start.countDown();
            List<Api.Response> responses = new ArrayList<>();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ JSON batching (docs/api.md §9)

    private Api.Response batch(String version, String token, JsonObjectBuilder... requests) {
        var array = JSON.createArrayBuilder();
        Arrays.stream(requests).forEach(array::add);
        return api().post("/" + version + "/$batch", JSON.createObjectBuilder().add("requests", array).build())
                .bearer(token).send();
    }

    private static JsonObjectBuilder inner(String id, String method, String url) {
        return JSON.createObjectBuilder().add("id", id).add("method", method).add("url", url);
    }

    /** The batch's answers by id; each has an id, a status and headers. */
    private static Map<String, JsonObject> answers(Api.Response batch) {
        JsonObject body = assertJson(batch);
        Map<String, JsonObject> byId = new LinkedHashMap<>();
        for (JsonValue value : body.getJsonArray("responses")) {
            JsonObject answer = value.asJsonObject();
            assertTrue(answer.containsKey("status") && answer.containsKey("headers"), answer::toString);
            byId.put(answer.getString("id"), answer);
        }
        return byId;
    }

    /** An inner error answer: the status and a Graph error body with this code. */
    private static void assertInnerError(int status, String code, JsonObject answer) {
        assertEquals(status, answer.getInt("status"), answer::toString);
        assertEquals("application/json", answer.getJsonObject("headers").getString("Content-Type", "").split(";")[0], answer::toString);
        JsonObject error = answer.getJsonObject("body").getJsonObject("error");
        assertEquals(code, error.getString("code"), answer::toString);
        assertFalse(error.getJsonObject("innerError").getString("request-id").isBlank(), answer::toString);
    }

    /**
     * Graph Toolkit's person card: a user and their photo in one batch, several users' photos (one without a
     * photo), on both versions; each answer is what the request alone answers, header keys spelled as Graph does. One
     * url keeps its version, as the Graph JavaScript client's BatchRequestContent sends it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"v1.0", "beta"})
    void aBatchFetchesUsersAndTheirPhotosAsTheySingly(String version) {
        Tenant t = tenant();
        String token = t.adminToken();
        User ada = t.createUser("ada");
        User bob = t.createUser("bob");
        upload("/v1.0/users/" + ada.id(), token, TestImages.jpeg(300, 300));
        Api.Response single = get("/" + version + "/users/" + ada.id() + "/photo/$value", token);
        String select = "businessPhones,displayName,givenName,jobTitle,mail,mobilePhone,officeLocation,preferredLanguage,"
                + "surname,userPrincipalName,id";

        Api.Response response = batch(version, token,
                inner("1", "GET", "/users/" + ada.id() + "?$select=" + select),
                inner("2", "GET", "/users/" + ada.id() + "/photo/$value"),
                inner("3", "GET", "users/" + bob.id() + "/photos/48x48/$value"),
                inner("4", "GET", "/" + version + "/users/" + ada.id() + "/photos/48x48/$value"),
                inner("5", "GET", "/users/" + ada.id() + "/photo"));
        assertJsonContentType(response);
        Map<String, JsonObject> answers = answers(response);
        assertEquals(List.of("1", "2", "3", "4", "5"), List.copyOf(answers.keySet()));

        JsonObject user = answers.get("1");
        assertEquals(200, user.getInt("status"), user::toString);
        assertEquals(ada.id(), user.getJsonObject("body").getString("id"));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, user.getJsonObject("body").get("businessPhones"));
        assertTrue(user.getJsonObject("headers").getString("Content-Type").startsWith("application/json"), user::toString);

        JsonObject photo = answers.get("2");
        assertEquals(200, photo.getInt("status"), photo::toString);
        assertEquals(Set.of("Content-Type", "ETag", "Cache-Control"), Set.copyOf(photo.getJsonObject("headers").keySet().stream()
                .filter(name -> !name.equals("Location")).toList()), photo::toString);
        assertEquals("image/jpeg", photo.getJsonObject("headers").getString("Content-Type"));
        assertEquals(single.header("ETag").orElseThrow(), photo.getJsonObject("headers").getString("ETag"));
        assertArrayEquals(single.body(), java.util.Base64.getDecoder().decode(photo.getString("body")));

        assertInnerError(404, "ImageNotFound", answers.get("3"));
        assertEquals(200, answers.get("4").getInt("status"));
        assertEquals(48, TestImages.decode(java.util.Base64.getDecoder().decode(answers.get("4").getString("body"))).getWidth());
        JsonObject metadata = answers.get("5");
        assertEquals(intOf(assertJson(get("/v1.0/users/" + ada.id() + "/photo", token)), "width"),
                intOf(metadata.getJsonObject("body"), "width"), metadata::toString);
    }

    /**
     * A page that shows a list of people asks for their photo links in one batch (docs/api.md §9, §12): each link
     * answers as the request alone does, serves the bytes without a token, and a user without a photo is a 404.
     */
    @Test
    void aBatchHandsOutPhotoLinksThatServeTheBytes() {
        Tenant t = tenant();
        String token = t.adminToken();
        User ada = t.createUser("ada");
        User bob = t.createUser("bob");
        upload("/v1.0/users/" + ada.id(), token, TestImages.jpeg(300, 300, Color.MAGENTA));

        Map<String, JsonObject> answers = answers(batch("v1.0", token,
                inner("ada", "GET", "/users/" + ada.id() + "/photos/96x96/link"),
                inner("bob", "GET", "/users/" + bob.id() + "/photo/link")));

        JsonObject link = answers.get("ada");
        assertEquals(200, link.getInt("status"), link::toString);
        JsonObject body = link.getJsonObject("body");
        assertEquals(96, intOf(body, "width"));
        Api.Response served = assertStatus(200, api().get(api().pathOf(body.getString("url"))).send());
        assertArrayEquals(value("/v1.0/users/" + ada.id() + "/photos/96x96/$value", token), served.body());
        assertInnerError(404, "ImageNotFound", answers.get("bob"));
    }

    /** A batch never reads what its token may not read alone: same 403, 404 across tenants, /me with an app token. */
    @Test
    void aBatchIsAuthorisedLikeEachRequestAlone() {
        Tenant t = tenant();
        Tenant other = tenant();
        User owner = t.createUser("owner");
        upload("/v1.0/users/" + owner.id(), t.adminToken(), TestImages.jpeg(100, 100));
        User stranger = other.createUser("stranger");
        upload("/v1.0/users/" + stranger.id(), other.adminToken(), TestImages.jpeg(100, 100));
        String selfOnly = t.delegated(t.unknownUser("self"), "User.Read");
        String app = t.app("User.Read.All");

        Map<String, JsonObject> answers = answers(batch("v1.0", selfOnly,
                inner("own", "GET", "me/photo/$value"),
                inner("other", "GET", "users/" + owner.id() + "/photo/$value"),
                inner("write", "DELETE", "users/" + owner.id() + "/photo/$value"),
                inner("tenant", "GET", "users/" + stranger.id() + "/photo/$value"),
                inner("header", "GET", "users/" + stranger.id() + "/photo/$value")
                        .add("headers", JSON.createObjectBuilder().add("Authorization", "Bearer " + other.adminToken()))));
        assertInnerError(404, "ImageNotFound", answers.get("own"));
        assertError(403, "ErrorAccessDenied", get("/v1.0/users/" + owner.id() + "/photo/$value", selfOnly));
        assertInnerError(403, "ErrorAccessDenied", answers.get("other"));
        assertInnerError(403, "ErrorAccessDenied", answers.get("write"));
        assertInnerError(404, "Request_ResourceNotFound", answers.get("tenant"));
        assertInnerError(404, "Request_ResourceNotFound", answers.get("header"));
        assertStatus(200, get("/v1.0/users/" + owner.id() + "/photo/$value", t.adminToken()));

        Map<String, JsonObject> appAnswers = answers(batch("beta", app,
                inner("me", "GET", "me/photo/$value"),
                inner("user", "GET", "users/" + owner.id() + "/photo/$value")));
        assertInnerError(400, "BadRequest", appAnswers.get("me"));
        assertEquals(200, appAnswers.get("user").getInt("status"), appAnswers.get("user")::toString);

        assertUnauthorized(api().post("/v1.0/$batch", JSON.createObjectBuilder().add("requests", JSON.createArrayBuilder()
                .add(inner("1", "GET", "users/" + owner.id() + "/photo/$value"))).build()).send());
    }

    /** Uploads with a base64 body, conditional reads (304), deletes, and 424 for a request whose dependency failed. */
    @Test
    void aBatchWritesReadsConditionallyAndHonoursDependsOn() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("writer"), "User.ReadWrite");
        String jpeg = java.util.Base64.getEncoder().encodeToString(TestImages.jpeg(200, 200));
        Map<String, JsonObject> written = answers(batch("v1.0", token,
                inner("read", "GET", "me/photo").add("dependsOn", JSON.createArrayBuilder().add("put")),
                inner("put", "PUT", "me/photo/$value").add("body", jpeg)
                        .add("headers", JSON.createObjectBuilder().add("Content-Type", "image/jpeg"))));
        assertEquals(200, written.get("put").getInt("status"), written.get("put")::toString);
        assertFalse(written.get("put").containsKey("body"), written.get("put")::toString);
        assertEquals(200, written.get("read").getInt("status"), written.get("read")::toString);
        assertEquals(120, written.get("read").getJsonObject("body").getInt("width")); // the largest size up to 200
        String etag = assertStatus(200, get("/v1.0/me/photo/$value", token)).header("ETag").orElseThrow();

        Map<String, JsonObject> conditional = answers(batch("v1.0", token,
                inner("same", "GET", "me/photo/$value").add("headers", JSON.createObjectBuilder().add("If-None-Match", etag)),
                inner("json", "PATCH", "me/photo/$value").add("body", "data:image/png;base64,"
                                + java.util.Base64.getEncoder().encodeToString(TestImages.png(120, 120, Color.RED)))
                        .add("headers", JSON.createObjectBuilder().add("content-type", "image/png"))
                        .add("dependsOn", JSON.createArrayBuilder().add("same"))));
        assertEquals(304, conditional.get("same").getInt("status"), conditional.get("same")::toString);
        assertFalse(conditional.get("same").containsKey("body"));
        assertEquals(etag, conditional.get("same").getJsonObject("headers").getString("ETag"));
        assertInnerError(424, "FailedDependency", conditional.get("json"));
        assertEquals(etag, get("/v1.0/me/photo/$value", token).header("ETag").orElseThrow(), "the dependent upload ran");

        Map<String, JsonObject> failed = answers(batch("v1.0", token,
                inner("bad", "PUT", "me/photo/$value").add("body", "AAAA")
                        .add("headers", JSON.createObjectBuilder().add("Content-Type", "image/jpeg")),
                inner("after", "DELETE", "me/photo/$value").add("dependsOn", JSON.createArrayBuilder().add("bad")),
                inner("chained", "GET", "me/photo").add("dependsOn", JSON.createArrayBuilder().add("after"))));
        assertInnerError(400, "InvalidImage", failed.get("bad"));
        assertInnerError(424, "FailedDependency", failed.get("after"));
        assertInnerError(424, "FailedDependency", failed.get("chained"));
        assertStatus(200, get("/v1.0/me/photo/$value", token));

        Map<String, JsonObject> deleted = answers(batch("v1.0", token,
                inner("delete", "DELETE", "me/photo/$value"),
                inner("gone", "GET", "me/photo/$value").add("dependsOn", JSON.createArrayBuilder().add("delete"))));
        assertEquals(204, deleted.get("delete").getInt("status"), deleted.get("delete")::toString);
        assertInnerError(404, "ImageNotFound", deleted.get("gone"));
    }

    /** A malformed batch is a 400 and runs nothing, not even its well-formed requests. */
    @Test
    void aMalformedBatchIsRefusedWholeAndRunsNothing() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("malformed"), "User.ReadWrite");
        String jpeg = java.util.Base64.getEncoder().encodeToString(TestImages.jpeg(100, 100));
        java.util.function.Supplier<JsonObjectBuilder> upload = () -> inner("put", "PUT", "me/photo/$value")
                .add("body", jpeg).add("headers", JSON.createObjectBuilder().add("Content-Type", "image/jpeg"));
        List<JsonObjectBuilder[]> malformed = List.of(
                new JsonObjectBuilder[]{upload.get(), inner("put", "GET", "me")},
                new JsonObjectBuilder[]{upload.get(), inner("abs", "GET", "https://graph.microsoft.com/v1.0/me")},
                new JsonObjectBuilder[]{upload.get(), inner("nested", "POST", "$batch")},
                new JsonObjectBuilder[]{upload.get(), inner("version", "GET", "/beta/me")},
                new JsonObjectBuilder[]{upload.get(), inner("dots", "GET", "me/../../health")},
                new JsonObjectBuilder[]{upload.get(), inner("unknown", "GET", "me").add("dependsOn", JSON.createArrayBuilder().add("x"))},
                new JsonObjectBuilder[]{upload.get(), inner("a", "GET", "me").add("dependsOn", JSON.createArrayBuilder().add("b")),
                        inner("b", "GET", "me").add("dependsOn", JSON.createArrayBuilder().add("a"))},
                Stream.concat(Stream.of(upload.get()), IntStream.range(0, 20).mapToObj(i -> inner("r" + i, "GET", "me")))
                        .toArray(JsonObjectBuilder[]::new));
        for (JsonObjectBuilder[] requests : malformed) {
            assertError(400, "BadRequest", batch("v1.0", token, requests));
        }
        assertError(400, "BadRequest", api().request("POST", "/v1.0/$batch")
                .body("{\"requests\":".getBytes(StandardCharsets.UTF_8), "application/json").bearer(token).send());
        assertError(415, "UnsupportedMediaType", api().request("POST", "/v1.0/$batch")
                .body("{\"requests\":[]}".getBytes(StandardCharsets.UTF_8), "text/plain").bearer(token).send());
        assertError(405, "MethodNotAllowed", get("/v1.0/$batch", token));
        assertError(404, "ImageNotFound", get("/v1.0/me/photo/$value", token));
        Map<String, JsonObject> twenty = answers(batch("beta", token,
                IntStream.range(0, 20).mapToObj(i -> inner("r" + i, "GET", "me")).toArray(JsonObjectBuilder[]::new)));
        assertTrue(twenty.values().stream().allMatch(answer -> answer.getInt("status") == 200), twenty::toString);
    }

    // ------------------------------------------------------------------ CORS (docs/api.md §10)

    /** The origin arquillian.xml allows (portrait.cors.origins). */
    static final String ALLOWED_ORIGIN = "https://app.portrait.test";

    /** An allowed origin's preflight is a 204 before authentication; another origin's gets no CORS header. */
    @Test
    void corsPreflightsAreAnsweredForAllowedOriginsOnly() {
        for (String[] preflight : new String[][]{{"/v1.0/me/photo/$value", "GET"}, {"/beta/users/x/photo/$value", "PUT"},
                {"/v1.0/$batch", "POST"}}) {
            Api.Response allowed = api().request("OPTIONS", preflight[0]).header("Origin", ALLOWED_ORIGIN)
                    .header("Access-Control-Request-Method", preflight[1])
                    .header("Access-Control-Request-Headers", "authorization,client-request-id,sdkversion,content-type").send();
            assertStatus(204, allowed);
            assertRequestId(allowed);
            assertEquals(ALLOWED_ORIGIN, allowed.header("Access-Control-Allow-Origin").orElse(null), allowed::toString);
            assertEquals(Set.of("GET", "PUT", "PATCH", "DELETE", "POST"),
                    Set.of(allowed.header("Access-Control-Allow-Methods").orElseThrow().split(", ")));
            List<String> headers = List.of(allowed.header("Access-Control-Allow-Headers").orElseThrow().split(", "));
            assertTrue(headers.containsAll(List.of("authorization", "content-type", "client-request-id", "sdkversion",
                    "consistencylevel", "if-none-match")), headers::toString);
            assertTrue(Integer.parseInt(allowed.header("Access-Control-Max-Age").orElseThrow()) > 0);
            assertFalse(allowed.header("Access-Control-Allow-Credentials").isPresent());

            Api.Response refused = api().request("OPTIONS", preflight[0]).header("Origin", "https://elsewhere.test")
                    .header("Access-Control-Request-Method", preflight[1]).send();
            assertError(405, "MethodNotAllowed", refused);
            assertTrue(refused.headers().keySet().stream().noneMatch(name -> name.toLowerCase().startsWith("access-control-")),
                    refused.headers()::toString);
        }
    }

    /** Answers to an allowed origin, errors included, let its page read them and the headers it needs. */
    @Test
    void corsAnswersExposeGraphHeadersToAllowedOrigins() {
        Tenant t = tenant();
        String token = t.delegated(t.unknownUser("cors"), "User.ReadWrite");
        upload("/v1.0/me", token, TestImages.jpeg(100, 100));
        List<Api.Response> answers = List.of(
                api().get("/v1.0/me/photo/$value").bearer(token).header("Origin", ALLOWED_ORIGIN).send(),
                api().get("/v1.0/me/photo").bearer(token).header("Origin", ALLOWED_ORIGIN).send(),
                api().get("/v1.0/me/photo/$value").header("Origin", ALLOWED_ORIGIN).send(),
                api().get("/v1.0/me/photos/7x7/$value").bearer(token).header("Origin", ALLOWED_ORIGIN).send());
        for (Api.Response answer : answers) {
            assertEquals(ALLOWED_ORIGIN, answer.header("Access-Control-Allow-Origin").orElse(null), answer::toString);
            List<String> exposed = List.of(answer.header("Access-Control-Expose-Headers").orElse("").split(", "));
            assertTrue(exposed.containsAll(List.of("ETag", "request-id", "client-request-id", "Retry-After")), exposed::toString);
            assertTrue(answer.headerValues("Vary").contains("Origin"), answer::toString);
        }
        assertStatus(200, answers.get(0));
        assertTrue(answers.get(0).headerValues("Vary").contains("Authorization"), answers.get(0)::toString);
        assertUnauthorized(answers.get(2));
        assertError(404, "ImageNotFound", answers.get(3));
        Api.Response elsewhere = api().get("/v1.0/me/photo/$value").bearer(token).header("Origin", "https://elsewhere.test").send();
        assertStatus(200, elsewhere);
        assertFalse(elsewhere.header("Access-Control-Allow-Origin").isPresent(), elsewhere::toString);
    }
}
