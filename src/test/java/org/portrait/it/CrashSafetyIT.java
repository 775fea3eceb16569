package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.portrait.it.GraphAssertions.assertError;
import static org.portrait.it.GraphAssertions.assertJson;
import static org.portrait.it.GraphAssertions.assertStatus;
import static org.portrait.it.GraphAssertions.assertUnauthorized;

import jakarta.json.JsonObject;
import java.awt.Color;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.portrait.it.Tenant.User;

/**
 * On real servers started with {@code bin/portrait run} (logs in {@code target/crash-it-<time>/}):
 * <ul>
 * <li>a {@code kill -9} of the Payara JVM in the middle of a stream of uploads loses nothing: after a
 * restart on the same data every owner has its old or one of its new photos, complete;</li>
 * <li>the limits are configurable by environment variable (decode timeout, concurrent decodes, how long
 * the change history is kept: a delta token older than it is answered 410), and rejected tokens do
 * not fill the log with stack traces.</li>
 * </ul>
 */
class CrashSafetyIT {

    /** Overridable when two checkouts run their tests at the same time. */
    private static final int PORT = Integer.getInteger("portrait.it.crashPort", 28182);
    private static final int CLUSTER_PORT = Integer.getInteger("portrait.it.crashClusterPort", 6982);

    private static final int OWNERS = 8;
    private static final int UPLOADERS = 4;
    /** Hues 30 degrees apart (JPEG keeps colours within a few levels): each owner's uploads differ in colour. */
    private static final List<Color> PALETTE = palette(12);

    private final Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();

    @Test
    void aKilledServerKeepsEveryOwnersOldOrNewPhotoComplete() throws Exception {
        Path work = Files.createDirectories(basedir.resolve("target/crash-it-" + System.currentTimeMillis()));
        Path data = Files.createDirectories(work.resolve("data"));
        Tenant tenant;
        List<String> owners = new ArrayList<>();
        Map<String, List<Color>> attempted = new ConcurrentHashMap<>();
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger cutOff = new AtomicInteger();

        try (LaunchedPortrait server = new LaunchedPortrait(PORT, CLUSTER_PORT).start(data, work.resolve("run-1.log"))) {
            Api api = server.api();
            tenant = new Tenant(api);
            for (int i = 0; i < OWNERS; i++) {
                User user = tenant.createUser("crash" + i);
                String path = "/v1.0/users/" + user.id();
                owners.add(path);
                attempted.put(path, new CopyOnWriteArrayList<>(List.of(PALETTE.get(0))));
                assertStatus(200, api.put(path + "/photo/$value", TestImages.jpeg(700, 660, PALETTE.get(0)), "image/jpeg")
                        .bearer(tenant.adminToken()).send());
            }

            // Each uploader owns two owners and cycles through the palette for them, as fast as it can.
            AtomicBoolean stop = new AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(UPLOADERS);
            List<CompletableFuture<Void>> streams = new ArrayList<>();
            String token = tenant.adminToken();
            for (int u = 0; u < UPLOADERS; u++) {
                List<String> mine = owners.subList(u * OWNERS / UPLOADERS, (u + 1) * OWNERS / UPLOADERS);
                streams.add(CompletableFuture.runAsync(() -> {
                    for (int k = 1; k < PALETTE.size() && !stop.get(); k++) {
                        for (String owner : mine) {
                            Color colour = PALETTE.get(k);
                            attempted.get(owner).add(colour); // before sending: it may be stored however the request ends
                            try {
                                Api.Response r = api.put(owner + "/photo/$value", TestImages.jpeg(700, 660, colour), "image/jpeg")
                                        .bearer(token).send();
                                if (r.status() == 200) {
                                    completed.incrementAndGet();
                                }
                            } catch (UncheckedIOException killed) {
                                cutOff.incrementAndGet();
                                return;
                            }
                        }
                    }
                }, pool));
            }
            Instant deadline = Instant.now().plusSeconds(60);
            while (completed.get() < 12 && Instant.now().isBefore(deadline)) {
                Thread.sleep(20);
            }
            assertTrue(completed.get() >= 12, "uploads did not get going: " + completed.get());
            server.kill();
            stop.set(true);
            CompletableFuture.allOf(streams.toArray(CompletableFuture[]::new)).get(2, TimeUnit.MINUTES);
            pool.shutdownNow();
        }
        System.out.printf("CrashSafetyIT: killed after %d completed uploads; %d uploads cut off in flight%n",
                completed.get(), cutOff.get());

        try (LaunchedPortrait server = new LaunchedPortrait(PORT, CLUSTER_PORT).start(data, work.resolve("run-2.log"))) {
            Api api = server.api();
            String token = tenant.adminToken();
            for (String owner : owners) {
                Map<String, String> etags = GraphAssertions.photoEtags(api, owner, token);
                etags.put("700X660", assertJson(api.get(owner + "/photos/700x660").bearer(token).send()).getString("@odata.mediaEtag"));
                assertEquals(BuiltWar.HD.length + 1, etags.size(), () -> owner + " lost sizes: " + etags);
                Color photo = null;
                for (Map.Entry<String, byte[]> size : GraphAssertions.photoBytes(api, owner, token, etags).entrySet()) {
                    assertEquals(etags.get(size.getKey()), TestImages.etagOf(size.getValue()), owner + " " + size.getKey() + ": ETag does not match its bytes");
                    Color colour = TestImages.colourOf(size.getValue(), PALETTE);
                    assertTrue(colour != null, owner + " " + size.getKey() + " is no upload's image");
                    if (photo == null) {
                        photo = colour;
                        assertTrue(attempted.get(owner).contains(colour), owner + " has a photo it was never sent");
                    }
                    assertEquals(photo, colour, owner + " " + size.getKey() + " comes from another upload than the others");
                }
            }
            // and the restarted server takes uploads again
            assertStatus(200, api.put(owners.get(0) + "/photo/$value", TestImages.jpeg(100, 100, Color.WHITE), "image/jpeg")
                    .bearer(token).send());
        }
    }

    @Test
    void limitsComeFromTheEnvironmentAndRejectedTokensStayOutOfTheLog() throws Exception {
        Path work = Files.createDirectories(basedir.resolve("target/crash-it-limits-" + System.currentTimeMillis()));
        Map<String, String> limits = Map.of(
                "PORTRAIT_IMAGE_DECODE_TIMEOUT_MS", "1000",
                "PORTRAIT_IMAGE_MAX_CONCURRENT_DECODES", "1",
                "PORTRAIT_IMAGE_DECODE_WAIT_MS", "100",
                "PORTRAIT_CHANGES_RETENTION", "PT2S");
        try (LaunchedPortrait server = new LaunchedPortrait(PORT, CLUSTER_PORT).with(limits)
                .start(Files.createDirectories(work.resolve("data")), work.resolve("run.log"))) {
            Api api = server.api();
            Tenant tenant = new Tenant(api);
            String token = tenant.delegated(tenant.unknownUser("limits"), "User.ReadWrite");
            byte[] small = TestImages.jpeg(100, 100, Color.RED);
            assertStatus(200, api.put("/v1.0/me/photo/$value", small, "image/jpeg").bearer(token).send());

            // decode timeout: a 7000x7000 progressive JPEG takes seconds to decode (2 s on an idle machine)
            byte[] slow = HostileImages.largeProgressiveJpeg(7000);
            Instant started = Instant.now();
            Api.Response timedOut = api.put("/v1.0/me/photo/$value", slow, "image/jpeg").bearer(token).send();
            Duration took = Duration.between(started, Instant.now());
            assertEquals("The image could not be processed within 1000 ms.",
                    assertError(400, "InvalidImage", timedOut).getString("message"));
            // the message proves the deadline stopped it; the bound leaves room for a busy 2-core machine
            assertTrue(took.toMillis() < 8_000, "the 1 s decode timeout answered after " + took);
            System.out.printf("CrashSafetyIT: 1 s decode timeout answered after %d ms%n", took.toMillis());

            // one decode slot: a second upload while the slow one decodes waits 100 ms, then 503
            CompletableFuture<Api.Response> occupant = CompletableFuture.supplyAsync(() ->
                    api.put("/v1.0/me/photo/$value", slow, "image/jpeg").bearer(token).send());
            Thread.sleep(400);
            Api.Response busy = api.put("/v1.0/me/photo/$value", small, "image/jpeg").bearer(token).send();
            assertError(503, "ServiceUnavailable", busy);
            assertTrue(busy.header("Retry-After").isPresent(), busy::toString);
            assertError(400, "InvalidImage", occupant.get(30, TimeUnit.SECONDS));
            assertStatus(200, api.put("/v1.0/me/photo/$value", small, "image/jpeg").bearer(token).send());

            // change history kept 2 s: a token from before a change that has since been pruned is 410
            // (docs/links-and-changes.md), and a new round without a token starts afresh
            String admin = tenant.adminToken();
            String deltaLink = lastPageOfDeltaRound(api, "/v1.0/users/delta", admin).getString("@odata.deltaLink");
            assertStatus(200, api.put("/v1.0/me/photo/$value", TestImages.jpeg(100, 100, Color.BLUE), "image/jpeg").bearer(token).send());
            String afterChange = lastPageOfDeltaRound(api, api.pathOf(deltaLink), admin).getString("@odata.deltaLink");
            Thread.sleep(2_500);
            assertError(410, "SyncStateNotFound", api.get(api.pathOf(deltaLink)).bearer(admin).send());
            // the token taken after the change has nothing pruned after it: still answered
            assertEquals(0, lastPageOfDeltaRound(api, api.pathOf(afterChange), admin).getJsonArray("value").size());
            assertTrue(lastPageOfDeltaRound(api, "/v1.0/users/delta", admin).getJsonArray("value").size() >= 1);

            // rejected tokens: one line of log at most each, never a stack trace
            long logBefore = Files.size(server.log());
            String tenantId = UUID.randomUUID().toString();
            String oid = UUID.randomUUID().toString();
            List<String> rejected = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                rejected.add(TestTokens.delegated(tenantId, oid, "r@log.example", "User.Read").signedWithForeignKey().build());
                rejected.add(TestTokens.delegated(tenantId, oid, "r@log.example", "User.Read").expired().build());
                rejected.add(TestTokens.delegated(tenantId, oid, "r@log.example", "User.Read").issuer("https://evil.example").build());
                rejected.add("garbage." + i + ".token");
                rejected.add(TestTokens.delegated(tenantId, oid, "r@log.example", "User.Read").claim("nbf", "later").build());
            }
            for (String bad : rejected) {
                assertUnauthorized(api.get("/v1.0/me/photo").bearer(bad).send());
            }
            Thread.sleep(500); // let the server flush its log
            String added = new String(Files.readAllBytes(server.log()), StandardCharsets.UTF_8)
                    .substring((int) logBefore);
            long traceLines = added.lines().filter(line -> line.startsWith("\tat ") || line.trim().startsWith("at ")).count();
            long lines = added.lines().count();
            System.out.printf("CrashSafetyIT: %d rejected tokens added %d log lines, %d of them stack frames%n",
                    rejected.size(), lines, traceLines);
            assertEquals(0, traceLines, () -> "stack traces for rejected tokens:\n" + added);
            assertTrue(lines <= rejected.size(), () -> lines + " log lines for " + rejected.size() + " rejected tokens:\n" + added);
        }
    }

    /** Follows a delta round's next links; answers its last page (the one with the delta link). */
    private static JsonObject lastPageOfDeltaRound(Api api, String first, String token) {
        String next = first;
        for (int page = 0; page < 100; page++) {
            JsonObject json = assertJson(api.get(next).bearer(token).send());
            if (json.containsKey("@odata.deltaLink")) {
                return json;
            }
            next = api.pathOf(json.getString("@odata.nextLink"));
        }
        throw new AssertionError("a delta round without end");
    }

    private static List<Color> palette(int count) {
        List<Color> colours = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            colours.add(Color.getHSBColor((float) i / count, 1f, 1f));
        }
        return colours;
    }
}
