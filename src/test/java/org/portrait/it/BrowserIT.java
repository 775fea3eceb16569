package org.portrait.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.portrait.it.Tenant.User;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.portrait.it.GraphAssertions.assertError;
import static org.portrait.it.GraphAssertions.assertJson;
import static org.portrait.it.GraphAssertions.assertStatus;

/**
 * The web page at {@code /} driven in headless Chromium (Debian's {@code chromium} and {@code chromium-driver},
 * installed by {@code .ci/run}), and what operators read on the same deployment: {@code /openapi} and
 * {@code /metrics}. Each test makes its own tenant and opens the page afresh.
 */
@ExtendWith(ArquillianExtension.class)
class BrowserIT {

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "browser");
    static final Duration PATIENCE = Duration.ofSeconds(30);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return BuiltWar.archive();
    }

    @ArquillianResource
    URL base;

    private static ChromeDriver driver;
    private static Path profile;

    private Api api;

    @BeforeAll
    static void startBrowser() throws IOException {
        // A missing browser is a failure, never a skip: CI must run this test (.ci/run installs both).
        if (!Files.isExecutable(CHROMEDRIVER) || !Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " and " + CHROMEDRIVER + " are needed: apt-get install -y chromium chromium-driver");
        }
        // Named explicitly, so Selenium Manager never tries to download a driver (the network is closed).
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("portrait-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toFile())
                .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,3000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(PATIENCE);
    }

    @AfterAll
    static void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    private Api api() {
        if (api == null) {
            api = Api.at(base);
        }
        return api;
    }

    // ------------------------------------------------------------------ the page

    @Test
    void aPersonUploadsSeesEverySizeAndDeletes() throws IOException {
        Tenant t = new Tenant(api());
        User me = t.unknownUser("page");
        String token = t.delegated(me, "User.ReadWrite");
        openWithToken(token, me.upn());
        awaitDisplayed("no-photo");

        Path sample = Path.of("docs", "sample-photo.jpg").toAbsolutePath();
        find("file").sendKeys(sample.toString());
        WebElement preview = find("preview");
        await("the preview of the chosen file", () -> isBlobImage(preview) && naturalWidth(preview) == 960);
        assertEquals("Preview of the chosen image", preview.getAttribute("alt"));

        find("upload").click();
        await("the upload's success message", () -> text("status").contains("sizes available"));
        assertEquals("", text("error"));
        assertEquals("100", find("progress").getAttribute("value"), "the progress bar ends full");

        JsonArray listed = assertJson(api().get("/v1.0/me/photos").bearer(token).send()).getJsonArray("value");
        assertEquals(9, listed.size(), "a 960x720 upload has every HD size");
        List<WebElement> images = sizes();
        assertEquals(listed.size(), images.size(), "one image per listed size");
        for (int i = 0; i < listed.size(); i++) {
            JsonObject size = listed.getJsonObject(i);
            WebElement img = images.get(i);
            int width = size.getInt("width");
            int height = size.getInt("height");
            // A real <img src> of a signed link: the browser fetches it without the token.
            await(size.getString("id") + " through its photo link", () -> isLinkedImage(img));
            assertAll(size.getString("id"),
                    () -> assertEquals(width, naturalWidth(img)),
                    () -> assertEquals(height, naturalHeight(img)),
                    () -> assertEquals(width + "x" + height, img.getAttribute("data-size")),
                    () -> assertEquals("Your photo, " + width + " by " + height + " pixels", img.getAttribute("alt")));
        }
        assertTrue(find("no-photo").getAttribute("hidden") != null, "the no-photo note is hidden");
        screenshot("upload");

        find("delete").click();
        await("the delete message", () -> text("status").contains("deleted"));
        assertEquals(0, sizes().size(), "no sizes after delete");
        awaitDisplayed("no-photo");
        assertEquals(0, assertJson(api().get("/v1.0/me/photos").bearer(token).send()).getJsonArray("value").size());
        assertError(404, "ImageNotFound", api().get("/v1.0/me/photo/$value").bearer(token).send());
    }

    @Test
    void refusalsShowTheServersMessage() throws IOException {
        Tenant t = new Tenant(api());
        User me = t.unknownUser("refused");
        String token = t.delegated(me, "User.ReadWrite");
        byte[] notAnImage = "Meeting notes, not a photo.\n".getBytes(StandardCharsets.UTF_8);
        Path text = Files.createTempFile("notes", ".txt");
        Files.write(text, notAnImage);
        String expected = assertError(400, "InvalidImage",
                api().put("/v1.0/me/photo/$value", notAnImage, "application/octet-stream").bearer(token).send())
                .getString("message");

        openWithToken(token, me.upn());
        find("file").sendKeys(text.toString());
        await("the upload button", () -> find("upload").isEnabled());
        find("upload").click();
        await("the refusal", () -> !text("error").isEmpty());
        assertTrue(text("error").contains(expected), () -> "shown: " + text("error") + ", server: " + expected);
        assertTrue(text("error").contains("InvalidImage"), () -> text("error"));
        assertEquals("alert", find("error").getAttribute("role"), "errors are announced");
        assertEquals("0", find("progress").getAttribute("value"));
        assertEquals(0, sizes().size());
        assertEquals(0, assertJson(api().get("/v1.0/me/photos").bearer(token).send()).getJsonArray("value").size());

        // User.ReadWrite does not list groups: the page shows Graph's 403 message.
        String denied = assertError(403, "ErrorAccessDenied", api().get("/v1.0/groups").bearer(token).send())
                .getString("message");
        driver.findElement(By.cssSelector("[data-list=groups]")).click();
        await("the refusal to list groups", () -> text("error").contains("Cannot list groups"));
        assertTrue(text("error").contains(denied), () -> "shown: " + text("error") + ", server: " + denied);
    }

    @Test
    void browsesUsersGroupsAndContactsWithTheirPhotos() throws IOException {
        Tenant t = new Tenant(api());
        String admin = t.adminToken();
        assertStatus(200, api().put("/v1.0/me/photo/$value", Files.readAllBytes(Path.of("docs", "sample-photo.jpg")),
                "image/jpeg").bearer(admin).send());
        User grace = createUser(t, "Grace Hopper");
        User alan = createUser(t, "Alan Turing");
        assertStatus(200, api().put("/v1.0/users/" + grace.id() + "/photo/$value",
                TestImages.jpeg(200, 200, new Color(0x2E, 0x7D, 0x32)), "image/jpeg").bearer(admin).send());
        String club = t.createGroup("Photo Club");
        String plain = t.createGroup("Plain Group");
        assertStatus(200, api().put("/v1.0/groups/" + club + "/photo/$value",
                TestImages.jpeg(120, 90, new Color(0x15, 0x65, 0xC0)), "image/jpeg").bearer(admin).send());
        String ada = t.createContact("me", admin, "Ada Lovelace");

        openWithToken(admin, t.admin().upn());
        await("the admin's own sizes", () -> sizes().size() == 9 && sizes().stream().allMatch(this::isLinkedImage));

        Map<String, WebElement> users = showList("users", "/v1.0/users", admin);
        assertEquals(3, users.size(), "the admin, Grace and Alan");
        assertPhoto(users.get(grace.id()), "Photo of Grace Hopper", 96);
        assertPhoto(users.get(t.admin().id()), null, 96);
        assertInitials(users.get(alan.id()), "AT", "No photo of Alan Turing");
        screenshot("portrait-page");

        Map<String, WebElement> groups = showList("groups", "/v1.0/groups", admin);
        assertEquals(2, groups.size());
        // 120x90: the largest square is 64x64 (no 96x96), which the page falls back to.
        assertPhoto(groups.get(club), "Photo of Photo Club", 64);
        assertInitials(groups.get(plain), "PG", "No photo of Plain Group");

        Map<String, WebElement> contacts = showList("contacts", "/v1.0/me/contacts", admin);
        assertEquals(Set.of(ada), contacts.keySet());
        assertInitials(contacts.get(ada), "AL", "No photo of Ada Lovelace");
        assertEquals("", text("error"));
    }

    @Test
    void theTokenStaysInTheTabUntilForgotten() {
        Tenant t = new Tenant(api());
        User me = t.unknownUser("session");
        String token = t.delegated(me, "User.Read");
        openWithToken(token, me.upn());
        assertEquals(token, ((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('portrait.token')"));
        assertEquals("", find("token").getAttribute("value"), "the pasted token leaves the text box");

        driver.navigate().refresh();
        await("signed in again after a reload", () -> text("signed-in").contains(me.upn()));

        driver.findElement(By.id("forget-token")).click();
        await("the token forgotten", () -> text("status").contains("forgotten"));
        assertEquals(null, ((JavascriptExecutor) driver).executeScript("return sessionStorage.getItem('portrait.token')"));
        assertFalse(find("me").isDisplayed());
    }

    // ------------------------------------------------------------------ what operators read

    /** The documented paths (docs/api.md §1), independent of how the model is built; {P} is replaced by each owner path. */
    static final List<String> OWNER_PATHS = List.of("me", "users/{user}", "groups/{group}", "teams/{team}",
            "me/contacts/{contact}", "users/{user}/contacts/{contact}", "me/contactFolders/{folder}/contacts/{contact}",
            "users/{user}/contactFolders/{folder}/contacts/{contact}");
    static final Map<String, Set<String>> PHOTO_OPERATIONS = Map.of(
            "photo", Set.of("get", "delete"),
            "photo/$value", Set.of("get", "put", "patch", "delete"),
            "photos", Set.of("get"),
            "photos/{size}", Set.of("get"),
            "photos/{size}/$value", Set.of("get"),
            "photo/{size}/$value", Set.of("get"),
            "photo/link", Set.of("get"),
            "photos/{size}/link", Set.of("get"));
    static final Map<String, Set<String>> OWNER_OPERATIONS = Map.ofEntries(
            Map.entry("users", Set.of("get", "post")),
            Map.entry("users/delta", Set.of("get")),
            Map.entry("groups/delta", Set.of("get")),
            Map.entry("users/{user}", Set.of("get", "patch", "delete")),
            Map.entry("me", Set.of("get", "patch")),
            Map.entry("groups", Set.of("get", "post")),
            Map.entry("groups/{group}", Set.of("get", "patch", "delete")),
            Map.entry("me/contacts", Set.of("get", "post")),
            Map.entry("me/contacts/{contact}", Set.of("get", "patch", "delete")),
            Map.entry("users/{user}/contacts", Set.of("get", "post")),
            Map.entry("me/contactFolders", Set.of("get", "post")),
            Map.entry("users/{user}/contactFolders/{folder}", Set.of("get", "delete")),
            Map.entry("me/contactFolders/{folder}/contacts", Set.of("get", "post")));

    @Test
    void openApiDescribesTheContract() {
        Api.Response response = api().get("/openapi").header("Accept", "application/json").send();
        JsonObject doc = assertJson(response);
        JsonObject paths = doc.getJsonObject("paths");
        // Payara adds a non-standard "endpoints" list of the same paths; everything else is OpenAPI 3.0.
        assertTrue(Set.of("openapi", "info", "servers", "tags", "paths", "components", "endpoints")
                .containsAll(doc.keySet()), () -> "top level: " + doc.keySet());
        assertEquals("3.0.3", doc.getString("openapi"));

        JsonObject version = doc.getJsonObject("components").getJsonObject("parameters").getJsonObject("version");
        assertEquals(List.of("v1.0", "beta"), strings(version.getJsonObject("schema").getJsonArray("enum")));
        Set<String> concrete = new HashSet<>();
        paths.keySet().forEach(p -> List.of("v1.0", "beta").forEach(v -> concrete.add(p.replace("{version}", v))));

        List<String> missing = new ArrayList<>();
        for (String owner : OWNER_PATHS) {
            PHOTO_OPERATIONS.forEach((suffix, methods) ->
                    expect(paths, concrete, owner + "/" + suffix, methods, missing));
        }
        OWNER_OPERATIONS.forEach((path, methods) -> expect(paths, concrete, path, methods, missing));
        assertTrue(missing.isEmpty(), () -> "not documented: " + missing);
        assertTrue(paths.containsKey("/health/live") && paths.containsKey("/health/ready"));
        for (String path : paths.keySet()) {
            assertTrue(path.startsWith("/{version}/") || path.startsWith("/health/") || path.equals("/photo-links/{link}"),
                    () -> "not one of Portrait's paths: " + path);
        }

        // Statuses of docs/api.md §1, §4, §5 and §6 on the photo operations, each error as Graph error JSON.
        JsonObject value = paths.getJsonObject("/{version}/users/{user}/photos/{size}/$value").getJsonObject("get");
        assertResponses(doc, value, "200", "304", "400", "401", "403", "404", "503");
        assertTrue(value.getJsonObject("responses").getJsonObject("200").getJsonObject("content").containsKey("image/jpeg"));
        assertTrue(value.getJsonObject("responses").getJsonObject("200").getJsonObject("headers").containsKey("ETag"));
        JsonObject upload = paths.getJsonObject("/{version}/me/photo/$value").getJsonObject("put");
        assertResponses(doc, upload, "200", "400", "401", "403", "404", "413", "415", "503");
        assertTrue(upload.getJsonObject("requestBody").getJsonObject("content").containsKey("application/octet-stream"));
        assertResponses(doc, paths.getJsonObject("/{version}/me").getJsonObject("delete"), "405");
        assertResponses(doc, paths.getJsonObject("/{version}/groups/{group}/photo").getJsonObject("delete"), "204", "404");

        JsonObject schemas = doc.getJsonObject("components").getJsonObject("schemas");
        JsonObject error = schemas.getJsonObject("GraphError").getJsonObject("properties").getJsonObject("error");
        assertEquals(Set.of("code", "message", "innerError"), error.getJsonObject("properties").keySet());
        assertEquals(Set.of("date", "request-id", "client-request-id"),
                error.getJsonObject("properties").getJsonObject("innerError").getJsonObject("properties").keySet());
        assertTrue(schemas.getJsonObject("ProfilePhoto").getJsonObject("properties").keySet()
                .containsAll(Set.of("@odata.mediaEtag", "@odata.mediaContentType", "id", "width", "height")));

        // Every reference resolves, every operation has its own id and needs a token (but health).
        List<String> dangling = new ArrayList<>();
        references(doc, doc, dangling);
        assertTrue(dangling.isEmpty(), () -> "unresolved: " + dangling);
        Set<String> ids = new HashSet<>();
        for (String path : paths.keySet()) {
            for (Map.Entry<String, JsonValue> op : paths.getJsonObject(path).entrySet()) {
                if (op.getKey().equals("parameters")) {
                    continue;
                }
                JsonObject operation = op.getValue().asJsonObject();
                assertTrue(ids.add(operation.getString("operationId")), () -> "duplicate id at " + path);
                // Health answers load balancers and a photo link is its own credential: no token for either.
                assertEquals(!path.startsWith("/health/") && !path.startsWith("/photo-links/"), operation.containsKey("security"),
                        () -> path + " security");
            }
        }
    }

    @Test
    void metricsCountUploadsErrorsAndBytes() {
        Tenant t = new Tenant(api());
        User me = t.unknownUser("metrics");
        String token = t.delegated(me, "User.ReadWrite");
        Map<String, Double> before = metrics();

        assertStatus(200, api().put("/v1.0/me/photo/$value", TestImages.jpeg(100, 100), "image/jpeg").bearer(token).send());
        assertError(400, "InvalidImage", api().put("/v1.0/me/photo/$value", new byte[] {1, 2, 3}, "image/png")
                .bearer(token).send());
        Api.Response bytes = assertStatus(200, api().get("/v1.0/me/photos/48x48/$value").bearer(token).send());
        assertError(401, "InvalidAuthenticationToken", api().get("/v1.0/me/photo").bearer("not-a-token").send());
        Map<String, Double> after = metrics();

        assertAll(
                () -> assertEquals(1.0, delta(before, after, "portrait_uploads_total{result=\"stored\"}")),
                () -> assertEquals(1.0, delta(before, after, "portrait_uploads_total{result=\"invalid_image\"}")),
                () -> assertEquals(2.0, delta(before, after, "portrait_upload_seconds_count")),
                () -> assertEquals(2.0, delta(before, after, "portrait_variants_seconds_count")),
                () -> assertTrue(delta(before, after, "portrait_variants_seconds_sum") > 0),
                () -> assertEquals(bytes.body().length, delta(before, after, "portrait_served_bytes_total")),
                () -> assertTrue(delta(before, after, "portrait_errors_total{status=\"400\"}") >= 1),
                () -> assertTrue(delta(before, after, "portrait_errors_total{status=\"401\"}") >= 1, "the container's 401"));
    }

    // ------------------------------------------------------------------ page helpers

    /** Opens the page in a state without any token, pastes this one and waits until it is signed in. */
    private void openWithToken(String token, String upn) {
        driver.get(Api.at(base).origin() + "/");
        ((JavascriptExecutor) driver).executeScript("sessionStorage.clear()");
        driver.navigate().refresh();
        WebElement box = find("token");
        assertNotNull(driver.findElement(By.cssSelector("label[for=token]")), "the token box is labelled");
        box.sendKeys(token);
        find("use-token").click();
        await("signed in as " + upn, () -> text("signed-in").contains(upn));
        awaitDisplayed("me");
    }

    private Map<String, WebElement> showList(String list, String apiPath, String token) {
        int expected = assertJson(api().get(apiPath).bearer(token).send()).getJsonArray("value").size();
        driver.findElement(By.cssSelector("[data-list=" + list + "]")).click();
        await(list + " listed", () -> "true".equals(driver.findElement(By.cssSelector("[data-list=" + list + "]"))
                .getAttribute("aria-pressed")) && people().size() == expected && text("status").contains("entr"));
        Map<String, WebElement> byId = new HashMap<>();
        people().forEach(li -> byId.put(li.getAttribute("data-id"), li));
        return byId;
    }

    private void assertPhoto(WebElement entry, String alt, int width) {
        assertNotNull(entry, "listed");
        WebElement img = entry.findElement(By.cssSelector("img.avatar"));
        await("the avatar of " + entry.getText(), () -> isLinkedImage(img));
        assertEquals(width, naturalWidth(img));
        if (alt != null) {
            assertEquals(alt, img.getAttribute("alt"));
        }
    }

    private static void assertInitials(WebElement entry, String initials, String label) {
        assertNotNull(entry, "listed");
        WebElement avatar = entry.findElement(By.cssSelector(".initials"));
        assertEquals(initials, avatar.getText());
        assertEquals("img", avatar.getAttribute("role"));
        assertEquals(label, avatar.getAttribute("aria-label"));
        assertTrue(entry.findElements(By.tagName("img")).isEmpty());
    }

    private User createUser(Tenant t, String name) {
        String upn = name.toLowerCase().replace(' ', '.') + "@" + t.domain();
        JsonObject created = assertStatus(201, api().post("/v1.0/users", Api.JSON.createObjectBuilder()
                .add("displayName", name).add("userPrincipalName", upn).add("mail", upn).build())
                .bearer(t.adminToken()).send()).json();
        return new User(created.getString("id"), upn);
    }

    private static WebElement find(String id) {
        return driver.findElement(By.id(id));
    }

    private static String text(String id) {
        return find(id).getText();
    }

    private static List<WebElement> sizes() {
        return driver.findElements(By.cssSelector("#sizes img"));
    }

    private static List<WebElement> people() {
        return driver.findElements(By.cssSelector("#people li"));
    }

    private boolean isBlobImage(WebElement img) {
        String src = img.getAttribute("src");
        return src != null && src.startsWith("blob:") && isLoaded(img);
    }

    /** Shown through a signed photo link (docs/links-and-changes.md), loaded by the browser itself. */
    private boolean isLinkedImage(WebElement img) {
        String src = img.getAttribute("src");
        return src != null && src.startsWith(api().origin() + "/photo-links/") && isLoaded(img);
    }

    private static boolean isLoaded(WebElement img) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver)
                .executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0", img));
    }

    private static long naturalWidth(WebElement img) {
        return (Long) ((JavascriptExecutor) driver).executeScript("return arguments[0].naturalWidth", img);
    }

    private static long naturalHeight(WebElement img) {
        return (Long) ((JavascriptExecutor) driver).executeScript("return arguments[0].naturalHeight", img);
    }

    private static void awaitDisplayed(String id) {
        await("#" + id + " shown", () -> find(id).isDisplayed());
    }

    /** Polls until the condition holds; the page works asynchronously. */
    private static void await(String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!Boolean.TRUE.equals(condition.get())) {
            if (System.nanoTime() > deadline) {
                screenshot("failed");
                fail("Timed out waiting for " + what + "; status: '" + text("status") + "', error: '" + text("error") + "'");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ OpenAPI and metrics helpers

    private static void expect(JsonObject paths, Set<String> concrete, String path, Set<String> methods,
                               List<String> missing) {
        for (String v : List.of("v1.0", "beta")) {
            if (!concrete.contains("/" + v + "/" + path)) {
                missing.add("/" + v + "/" + path);
            }
        }
        JsonObject item = paths.getJsonObject("/{version}/" + path);
        if (item != null) {
            methods.stream().filter(m -> !item.containsKey(m)).forEach(m -> missing.add(m.toUpperCase() + " " + path));
        }
    }

    /** The operation documents exactly these statuses at least, errors as Graph error JSON. */
    private static void assertResponses(JsonObject doc, JsonObject operation, String... statuses) {
        JsonObject responses = operation.getJsonObject("responses");
        for (String status : statuses) {
            assertTrue(responses.containsKey(status), () -> status + " missing in " + operation.getString("operationId"));
            if (status.startsWith("4") || status.startsWith("5")) {
                JsonObject response = resolve(doc, responses.getJsonObject(status));
                assertEquals("#/components/schemas/GraphError", response.getJsonObject("content")
                        .getJsonObject("application/json").getJsonObject("schema").getString("$ref"), status);
            }
        }
    }

    private static JsonObject resolve(JsonObject doc, JsonObject maybeRef) {
        if (!maybeRef.containsKey("$ref")) {
            return maybeRef;
        }
        JsonValue target = doc;
        for (String part : maybeRef.getString("$ref").substring(2).split("/")) {
            target = target.asJsonObject().get(part.replace("~1", "/").replace("~0", "~"));
        }
        return target.asJsonObject();
    }

    private static void references(JsonObject doc, JsonValue value, List<String> dangling) {
        if (value instanceof JsonObject object) {
            for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
                if (entry.getKey().equals("$ref")) {
                    try {
                        resolve(doc, object);
                    } catch (RuntimeException unresolved) {
                        dangling.add(((JsonString) entry.getValue()).getString());
                    }
                } else {
                    references(doc, entry.getValue(), dangling);
                }
            }
        } else if (value instanceof JsonArray array) {
            array.forEach(item -> references(doc, item, dangling));
        }
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-z_]+)(?:\\{([^}]*)\\})? (\\S+)$");

    /** The application metrics in Prometheus text, keyed by name plus labels other than mp_scope. */
    private Map<String, Double> metrics() {
        Api.Response response = assertStatus(200, api().get("/metrics?scope=application").send());
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.text().split("\n")) {
            Matcher sample = SAMPLE.matcher(line.trim());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            String labels = sample.group(2) == null ? "" : String.join(",", List.of(sample.group(2).split(","))
                    .stream().filter(l -> !l.startsWith("mp_scope=")).toList());
            samples.put(sample.group(1) + (labels.isEmpty() ? "" : "{" + labels + "}"), Double.parseDouble(sample.group(3)));
        }
        assertFalse(samples.isEmpty(), () -> "no application metrics: " + response);
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String sample) {
        assertTrue(after.containsKey(sample), () -> sample + " missing in " + after.keySet());
        return after.get(sample) - before.getOrDefault(sample, 0.0);
    }

    // ------------------------------------------------------------------ CORS from a page on another origin

    /** Port of the test's own page server; http://localhost on it is allowed by arquillian.xml, 127.0.0.1 is not. */
    static final int PAGE_PORT = Integer.getInteger("portrait.it.pagePort", 28289);

    /**
     * A page on another origin (served by the test) reads a photo with {@code fetch} and a bearer token (a preflight
     * and the answer's ETag), and sends a {@code $batch}; the same page on an origin not allowed cannot read either.
     */
    @Test
    void aPageOnAnotherOriginUsesThePhotoApiThroughCors() throws Exception {
        Tenant t = new Tenant(api());
        User grace = t.createUser("grace");
        assertStatus(200, api().put("/v1.0/users/" + grace.id() + "/photo/$value", TestImages.jpeg(120, 120), "image/jpeg")
                .bearer(t.adminToken()).send());
        String token = t.delegated(t.unknownUser("page"), "User.ReadBasic.All");
        com.sun.net.httpserver.HttpServer pages = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", PAGE_PORT), 0);
        pages.createContext("/", exchange -> {
            byte[] page = "<!doctype html><title>another origin</title>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        pages.start();
        String script = """
                const [api, token, user, done] = arguments;
                const auth = { Authorization: "Bearer " + token };
                (async () => {
                  const photo = await fetch(api + "/v1.0/users/" + user + "/photos/48x48/$value", { headers: auth });
                  const batch = await fetch(api + "/v1.0/$batch", { method: "POST",
                      headers: { ...auth, "Content-Type": "application/json" },
                      body: JSON.stringify({ requests: [{ id: "1", method: "GET", url: "/users/" + user + "/photo/$value" }] }) });
                  const answer = await batch.json();
                  return { photo: photo.status, etag: photo.headers.get("ETag"), requestId: photo.headers.get("request-id"),
                           bytes: (await photo.arrayBuffer()).byteLength, batch: answer.responses[0].status,
                           type: answer.responses[0].headers["Content-Type"] };
                })().then(done, (e) => done({ error: String(e) }));
                """;
        try {
            String api = api().origin().replace("localhost", "127.0.0.1");
            driver.get("http://localhost:" + PAGE_PORT + "/");
            @SuppressWarnings("unchecked")
            Map<String, Object> allowed = (Map<String, Object>) ((JavascriptExecutor) driver)
                    .executeAsyncScript(script, api, token, grace.id());
            assertEquals(200L, allowed.get("photo"), allowed::toString);
            assertNotNull(allowed.get("etag"), () -> "ETag not exposed: " + allowed);
            assertNotNull(allowed.get("requestId"), () -> "request-id not exposed: " + allowed);
            assertTrue((Long) allowed.get("bytes") > 0, allowed::toString);
            assertEquals(200L, allowed.get("batch"), allowed::toString);
            assertEquals("image/jpeg", allowed.get("type"), allowed::toString);

            driver.get("http://127.0.0.1:" + PAGE_PORT + "/");
            @SuppressWarnings("unchecked")
            Map<String, Object> refused = (Map<String, Object>) ((JavascriptExecutor) driver)
                    .executeAsyncScript(script, api, token, grace.id());
            assertTrue(String.valueOf(refused.get("error")).contains("TypeError"), refused::toString);
        } finally {
            pages.stop(0);
        }
    }

    // ------------------------------------------------------------------ the Graph JavaScript client over HTTPS

    /** HTTPS port of the Arquillian deployment (arquillian.xml: Payara's own self-signed test certificate). */
    static final int HTTPS_PORT = Integer.getInteger("portrait.it.sslPort", 28443);

    /**
     * Microsoft's Graph JavaScript client ({@code @microsoft/microsoft-graph-client}, the version pinned in
     * src/test/js/graph-client/package-lock.json, installed with npm ci) in Node, straight to Portrait over HTTPS:
     * uploads with and without a Content-Type, reads as ArrayBuffer and Blob, a GraphError, BatchRequestContent and
     * BatchResponseContent with photos, an upload inside a batch, and a delete (src/test/js/graph-client/drive-portrait.mjs).
     */
    @Test
    void theGraphJavaScriptClientWorksOverHttps() throws Exception {
        Path sources = Path.of(System.getProperty("basedir", ".")).resolve("src/test/js/graph-client");
        Path work = Path.of(System.getProperty("basedir", ".")).resolve("target/graph-client");
        Files.createDirectories(work);
        for (String file : List.of("package.json", "package-lock.json", "drive-portrait.mjs")) {
            Files.copy(sources.resolve(file), work.resolve(file), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        if (!Files.isDirectory(work.resolve("node_modules/@microsoft/microsoft-graph-client"))) {
            assertEquals(0, run(work, Map.of(), Duration.ofMinutes(5), "npm", "ci", "--no-audit", "--no-fund"), "npm ci failed");
        }
        Tenant t = new Tenant(api());
        User withPhoto = t.createUser("withphoto");
        User withoutPhoto = t.createUser("nophoto");
        assertStatus(200, api().put("/v1.0/users/" + withPhoto.id() + "/photo/$value", TestImages.jpeg(200, 200), "image/jpeg")
                .bearer(t.adminToken()).send());
        Path jpeg = work.resolve("upload.jpg");
        Files.write(jpeg, TestImages.jpeg(300, 240));
        String token = t.delegated(t.unknownUser("jsapp"), "User.ReadWrite", "User.ReadBasic.All");

        // Payara's self-signed certificate is not for localhost: this test alone trusts any certificate.
        int exit = run(work, Map.of("NODE_TLS_REJECT_UNAUTHORIZED", "0"), Duration.ofMinutes(2), "node", "drive-portrait.mjs",
                "https://localhost:" + HTTPS_PORT, token, withPhoto.id(), withoutPhoto.id(), jpeg.toString());
        assertEquals(0, exit, "the Graph JavaScript client failed a check; its output is above");
    }

    /** Runs a command in {@code directory}, its output in the test's output, and returns its exit code. */
    private static int run(Path directory, Map<String, String> environment, Duration limit, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.INHERIT);
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(limit.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " took longer than " + limit);
        }
        return process.exitValue();
    }
}
