package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.portrait.it.Api.JSON;
import static org.portrait.it.GraphAssertions.assertJson;
import static org.portrait.it.GraphAssertions.assertStatus;

import jakarta.json.JsonObject;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.portrait.it.Tenant.User;

/**
 * Three instances started with {@code bin/portrait run} as one cluster (a member list on loopback) on
 * one PostgreSQL database, with nginx in front configured by server-config/nginx/portrait-upstream.conf
 * (docs/scaling.md): the instances start together and migrate the schema once; a write on one
 * instance is served by the others within a second and never undone; every instance in turn is
 * stopped and started again under a read and write load through nginx without a failed request; one
 * killed with SIGKILL under load loses no photo and fails no request but those in flight on it; one cut
 * off the data grid still serves every write within the second, and one unable to read the
 * invalidation log serves no replaced photo past the documented bound. Runs as root: the partition is
 * an nftables table of its own. PostgreSQL execution only (the embedded H2 is one process's database). Its own database
 * ({@code portrait.it.clusterDatabase}, created afresh on the suite's PostgreSQL server), logs and
 * nginx files in {@code target/cluster-it-<time>/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {

    /** Instances on HTTP_PORT, +1, +2; nginx on +3; Hazelcast on CLUSTER_PORT, +1, +2. */
    private static final int HTTP_PORT = Integer.getInteger("portrait.it.clusterHttpPort", 28186);
    private static final int CLUSTER_PORT = Integer.getInteger("portrait.it.clusterHazelcastPort", 6986);
    private static final String DATABASE = System.getProperty("portrait.it.clusterDatabase", "portrait_cluster");
    private static final int INSTANCES = 3;
    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(1);
    /**
     * How long an instance that cannot read the invalidation log may serve what it had cached
     * (docs/scaling.md): portrait.cluster.stale-after-ms plus one poll interval, at their defaults.
     */
    private static final Duration STALE_BOUND = Duration.ofMillis(2000 + 250);
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path NFT = Path.of("/usr/sbin/nft");
    /** The nftables table that cuts one instance off the data grid; only this suite's, deleted at the end. */
    private static final String NFT_TABLE = "portrait_cluster_it";
    /** The instance killed with SIGKILL under load (and started again). */
    private static final int KILLED = 1;
    /** The instance cut off from the data grid, then from the invalidation log: it has a database role of its own. */
    private static final int ISOLATED = 2;
    /** Concurrent clients of the load during the kill: the most requests that can be in flight on the killed instance. */
    private static final int KILL_READERS = 4;
    private static final int KILL_UPLOADERS = 2;

    private final Path work = Path.of(System.getProperty("basedir", "."), "target",
            "cluster-it-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(java.time.LocalDateTime.now()))
            .toAbsolutePath();
    private final List<LaunchedPortrait> instances = new ArrayList<>();
    private final Api balanced = new Api("http://127.0.0.1:" + (HTTP_PORT + INSTANCES));
    private final List<Long> propagationMillis = Collections.synchronizedList(new ArrayList<>());
    private final String isolatedRole = DATABASE + "_instance" + ISOLATED;
    private final List<Long> staleMillis = Collections.synchronizedList(new ArrayList<>());
    private Process nginx;
    private Psql database;
    private boolean partitioned;

    @BeforeAll
    void startCluster() throws Exception {
        assumeTrue(LaunchedPortrait.onPostgresql(), "three instances share one PostgreSQL database");
        assertTrue(Files.isExecutable(NGINX), "nginx missing: " + NGINX + " (Debian's nginx-light; .ci/run installs it)");
        assertTrue(Files.isExecutable(NFT), "nft missing: " + NFT + " (Debian's nftables; .ci/run installs it)");
        nft(false, "delete", "table", "inet", NFT_TABLE); // left by an interrupted run, if any
        Files.createDirectories(work);
        Psql server = new Psql(System.getenv("PORTRAIT_DB_URL")).database("postgres");
        server.run("-c", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)", "-c", "CREATE DATABASE " + DATABASE,
                "-c", "DROP ROLE IF EXISTS " + isolatedRole, "-c", "CREATE ROLE " + isolatedRole + " LOGIN");
        database = server.database(DATABASE);
        // The isolated instance connects as a role of its own (not a superuser), so that the test can take
        // away its right to read the invalidation log alone. Whichever instance migrates creates the tables:
        // that role, or the suite's user, whose new tables the role may use too.
        database.run("-c", "GRANT ALL ON SCHEMA public TO " + isolatedRole,
                "-c", "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO " + isolatedRole,
                "-c", "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO " + isolatedRole);

        // Each instance's Hazelcast on an address of its own (127.0.0.2, .3, .4: three hosts, as far as the
        // data grid can tell), so that nftables can cut one off by address. Those addresses are on no
        // network interface, which Hazelcast's interface matching wants: hazelcast.local.localAddress
        // names the address instead (outgoing connections are bound to it too). Failure detection
        // and split-brain merging shortened from Hazelcast's 60 s and 300 s to keep the partition test short.
        String members = IntStream.range(0, INSTANCES).mapToObj(i -> hazelcastAddress(i) + ":" + (CLUSTER_PORT + i))
                .collect(Collectors.joining(","));
        for (int i = 0; i < INSTANCES; i++) {
            java.util.Map<String, String> variables = new java.util.HashMap<>(java.util.Map.of(
                    "PORTRAIT_CLUSTER_MEMBERS", members,
                    "PORTRAIT_CLUSTER_NAME", "portrait-cluster-it",
                    "PORTRAIT_CLUSTER_INTERFACE", hazelcastAddress(i),
                    "PORTRAIT_SHUTDOWN_GRACE_MS", "20000",
                    "JAVA_OPTS", "-Xmx512m -Dhazelcast.local.localAddress=" + hazelcastAddress(i)
                            + " -Dhazelcast.heartbeat.interval.seconds=1 -Dhazelcast.max.no.heartbeat.seconds=10"
                            + " -Dhazelcast.merge.first.run.delay.seconds=10 -Dhazelcast.merge.next.run.delay.seconds=5",
                    // One link key for the cluster (docs/links-and-changes.md): test-only, the Base64 of
                    // "portrait-test-only-cluster-link-key"
                    "PORTRAIT_LINKS_KEY", "cG9ydHJhaXQtdGVzdC1vbmx5LWNsdXN0ZXItbGluay1rZXk="));
            if (i == ISOLATED) {
                variables.put("PORTRAIT_DB_USER", isolatedRole);
            }
            instances.add(new LaunchedPortrait(HTTP_PORT + i, CLUSTER_PORT + i).postgresql(database.jdbcUrl()).with(variables));
        }
        // All three at once: they race for the schema migration.
        ExecutorService boots = Executors.newFixedThreadPool(INSTANCES);
        try {
            List<Future<LaunchedPortrait>> started = new ArrayList<>();
            for (int i = 0; i < INSTANCES; i++) {
                int n = i;
                started.add(boots.submit(() -> instances.get(n).start(work.resolve("data-" + n), log(n, 0))));
            }
            for (Future<LaunchedPortrait> boot : started) {
                boot.get();
            }
        } finally {
            boots.shutdownNow();
        }
        writeNginxConfig(-1);
        Files.createDirectories(work.resolve("nginx/logs"));
        nginx = new ProcessBuilder(NGINX.toString(), "-p", work.resolve("nginx").toString(), "-e", "logs/error.log",
                "-c", work.resolve("nginx/nginx.conf").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("nginx/stdout.log").toFile()).start();
        awaitTrue(Duration.ofSeconds(30), "nginx answering /health/ready on port " + (HTTP_PORT + INSTANCES), () -> {
            try {
                return balanced.get("/health/ready").send().status() == 200;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (partitioned) {
            nft(true, "delete", "table", "inet", NFT_TABLE);
        }
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(30, TimeUnit.SECONDS);
        }
        for (LaunchedPortrait instance : instances) {
            instance.close();
        }
        if (!propagationMillis.isEmpty()) {
            List<Long> sorted = propagationMillis.stream().sorted().toList();
            System.out.printf("ClusterIT: propagation to the other instances over %d reads: p50 %d ms, max %d ms%n",
                    sorted.size(), sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
        }
        if (!staleMillis.isEmpty()) {
            List<Long> sorted = staleMillis.stream().sorted().toList();
            System.out.printf("ClusterIT: an instance unable to read the invalidation log served replaced bytes for p50 %d ms,"
                    + " max %d ms after the write, over %d writes (bound %d ms)%n",
                    sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), sorted.size(), STALE_BOUND.toMillis());
        }
    }

    // ------------------------------------------------------------------ migrations

    @Test
    @Order(1)
    void instancesStartingTogetherMigrateTheSchemaOnceAndFormOneCluster() throws Exception {
        List<String> versions = database.query("SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank");
        assertEquals(versions.stream().distinct().toList(), versions, "a migration applied twice");
        assertTrue(versions.containsAll(List.of("1", "2", "4")), "versions applied: " + versions);
        int migrating = 0;
        for (int i = 0; i < INSTANCES; i++) {
            String log = Files.readString(instances.get(i).log());
            if (!log.contains("(0 migrations applied now)")) {
                migrating++;
                assertTrue(log.contains("migrations applied now"), "instance " + i + " did not log its migration result");
            }
        }
        assertEquals(1, migrating, "instances that applied migrations");
        // Payara logs the data grid's size whenever a member joins or leaves.
        awaitTrue(Duration.ofSeconds(60), "an instance's log listing 3 cluster members",
                () -> IntStream.range(0, INSTANCES).anyMatch(i -> logOf(i).contains("DG Size: 3")));
    }

    // ------------------------------------------------------------------ coherence

    @Test
    @Order(2)
    void everyWriteOnOneInstanceIsServedByTheOthersWithinOneSecond() throws Exception {
        Api a = instances.get(0).api();
        Tenant tenant = new Tenant(a);
        String admin = tenant.adminToken();
        User user = tenant.createUser("coherent");
        String photo = "/v1.0/users/" + user.id() + "/photo/$value";

        byte[] previous = null;
        for (int round = 0; round < 6; round++) {
            byte[] jpeg = TestImages.jpeg(300 + round, 300 + round, Color.getHSBColor(round / 6f, 1f, 1f));
            Api.Response written = uploadServedEverywhere(round % INSTANCES, photo, admin, jpeg);
            assertArrayEquals(written.body(), balanced.get(photo).bearer(admin).send().body(), "through nginx");
            previous = written.body();
        }

        // a photo link made on A is served by B and C, without a token, with the bytes of the current photo
        JsonObject link = assertJson(a.get("/v1.0/users/" + user.id() + "/photo/link").bearer(admin).send());
        String linkPath = link.getString("url").substring(link.getString("url").indexOf("/photo-links/"));
        for (int i = 1; i < INSTANCES; i++) {
            assertArrayEquals(previous, assertStatus(200, instances.get(i).api().get(linkPath).send()).body(),
                    "a link made on instance 0, served by " + i);
        }

        // a delta token handed out by A is answered by B and C: the change made on B after it is
        // reported to a round on C (the feed lives in the database, docs/links-and-changes.md)
        String deltaLink = assertJson(a.get("/v1.0/users/delta").bearer(admin).send()).getString("@odata.deltaLink");
        String deltaPath = a.pathOf(deltaLink);
        assertStatus(200, instances.get(1).api().put(photo, TestImages.jpeg(320, 320, Color.WHITE), "image/jpeg").bearer(admin).send());
        JsonObject round = assertJson(instances.get(2).api().get(deltaPath).bearer(admin).send());
        assertEquals(List.of(user.id()), round.getJsonArray("value").stream().map(v -> v.asJsonObject().getString("id")).toList());
        assertEquals(assertJson(instances.get(1).api().get("/v1.0/users/" + user.id() + "/photo").bearer(admin).send())
                .getString("@odata.mediaEtag"), round.getJsonArray("value").getJsonObject(0).getJsonObject("photo").getString("@odata.mediaEtag"));

        // delete the photo on B: gone on A and C
        readEverywhere(photo, admin);
        assertStatus(204, instances.get(1).api().delete(photo).bearer(admin).send());
        awaitEverywhere("photo deleted on instance", 1, photo, admin, 404);

        // rename on C: the old userPrincipalName no longer finds the user anywhere, the new one does
        assertStatus(200, instances.get(2).api().put(photo, TestImages.jpeg(200, 200, Color.RED), "image/jpeg").bearer(admin).send());
        String byOldUpn = "/v1.0/users/" + user.upn() + "/photo/$value";
        awaitEverywhere("upload on instance", 2, byOldUpn, admin, 200);
        String renamed = "renamed." + user.upn();
        assertStatus(204, instances.get(2).api().request("PATCH", "/v1.0/users/" + user.id())
                .json(JSON.createObjectBuilder().add("userPrincipalName", renamed).build()).bearer(admin).send());
        awaitEverywhere("rename (old name gone) on instance", 2, byOldUpn, admin, 404);
        awaitEverywhere("rename (new name found) on instance", 2, "/v1.0/users/" + renamed + "/photo/$value", admin, 200);

        // delete the user on A: its photo is gone everywhere
        readEverywhere(photo, admin);
        assertStatus(204, a.delete("/v1.0/users/" + user.id()).bearer(admin).send());
        awaitEverywhere("user deleted on instance", 0, photo, admin, 404);
    }

    /**
     * Uploads {@code jpeg} through instance {@code writer} once every instance has read the photo (each
     * has the current state cached, or "no photo"), then waits until every instance serves the new photo,
     * within PROPAGATION_BOUND and for good. Returns the new photo as the writer serves it.
     */
    private Api.Response uploadServedEverywhere(int writer, String photo, String token, byte[] jpeg) {
        readEverywhere(photo, token);
        Api writing = instances.get(writer).api();
        assertStatus(200, writing.put(photo, jpeg, "image/jpeg").bearer(token).send());
        Api.Response written = assertStatus(200, writing.get(photo).bearer(token).send());
        String etag = written.header("ETag").orElseThrow();
        for (int i = 0; i < INSTANCES; i++) {
            Api other = instances.get(i).api();
            awaitServed("upload on instance " + writer + ", read on " + i, i != writer, () -> {
                Api.Response read = other.get(photo).bearer(token).send();
                if (read.status() == 200) {
                    assertEquals(TestImages.etagOf(read.body()), read.header("ETag").orElseThrow(), "an ETag of other bytes");
                }
                return read.status() == 200 && etag.equals(read.header("ETag").orElseThrow());
            });
        }
        return written;
    }

    private void readEverywhere(String path, String token) {
        for (LaunchedPortrait instance : instances) {
            instance.api().get(path).bearer(token).send();
        }
    }

    /** After a write on instance {@code writer}, every instance answers {@code status} within the bound and keeps answering it. */
    private void awaitEverywhere(String what, int writer, String path, String token, int status) {
        for (int i = 0; i < INSTANCES; i++) {
            Api instance = instances.get(i).api();
            awaitServed(what + " " + writer + ", read on " + i, i != writer,
                    () -> instance.get(path).bearer(token).send().status() == status);
        }
    }

    /**
     * Reads until {@code current} says the write is served, within PROPAGATION_BOUND of now (one read
     * after another, no pause), then reads five more times: a write once served is never undone.
     */
    private void awaitServed(String what, boolean otherInstance, java.util.function.BooleanSupplier current) {
        long start = System.nanoTime();
        while (!current.getAsBoolean()) {
            long waited = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waited <= PROPAGATION_BOUND.toMillis(), what + ": still not served after " + waited + " ms");
            Thread.onSpinWait();
        }
        if (otherInstance) {
            propagationMillis.add((System.nanoTime() - start) / 1_000_000);
        }
        for (int again = 0; again < 5; again++) {
            assertTrue(current.getAsBoolean(), what + ": served, then undone");
        }
    }

    // ------------------------------------------------------------------ rolling restart

    @Test
    @Order(3)
    void aRollingRestartUnderLoadFailsNoRequest() throws Exception {
        Tenant tenant = new Tenant(balanced);
        String admin = tenant.adminToken();
        List<String> photos = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String path = "/v1.0/users/" + tenant.createUser("rolling" + i).id() + "/photo/$value";
            assertStatus(200, balanced.put(path, TestImages.jpeg(160, 160, Color.getHSBColor(i / 8f, 1f, 1f)), "image/jpeg")
                    .bearer(admin).send());
            photos.add(path);
        }
        Load load = new Load(photos, admin);
        load.start();
        try {
            for (int i = 0; i < INSTANCES; i++) {
                restart(i, admin, photos.get(i));
                assertTrue(load.failures.isEmpty(), () -> "failed requests during the restart of instance: " + load.failures);
            }
        } finally {
            load.stop();
        }
        System.out.printf("ClusterIT: rolling restart of %d instances under load: %d reads, %d uploads, %d failed%n",
                INSTANCES, load.reads.get(), load.writes.get(), load.failures.size());
        assertTrue(load.failures.isEmpty(), () -> load.failures.size() + " failed requests: " + load.failures);
        assertTrue(load.reads.get() > 50 && load.writes.get() > 10, "too little load to prove anything: " + load.reads + " reads, "
                + load.writes + " uploads");
    }

    /**
     * Takes instance {@code n} out of nginx, stops it with SIGTERM while an upload sent to it directly
     * is still sending its body (readiness must turn DOWN at once, the upload must still finish), starts
     * it again and puts it back.
     */
    private void restart(int n, String admin, String photo) throws Exception {
        LaunchedPortrait instance = instances.get(n);
        reloadNginx(n);

        RawHttp.Held upload = new RawHttp(instance.api().origin()).sendHalf("PUT", photo, TestImages.jpeg(222, 222, Color.ORANGE),
                "Authorization: Bearer " + admin, "Content-Type: image/jpeg");
        // in flight: this probe and the upload
        int[] seen = {0};
        awaitTrue(Duration.ofSeconds(30), () -> "instance " + n + " serving the held upload (requests in flight: " + seen[0] + ")",
                () -> (seen[0] = inFlight(instance.api().get("/health/ready").send())) == 2);

        instance.terminate();
        Instant stopping = Instant.now();
        awaitTrue(Duration.ofSeconds(10), "instance " + n + " answering /health/ready with 503 after SIGTERM", () -> {
            Api.Response ready;
            try {
                ready = instance.api().get("/health/ready").send();
            } catch (UncheckedIOException refused) {
                return fail("instance " + n + " stopped listening while a request was in flight");
            }
            if (ready.status() == 200 && Duration.between(stopping, Instant.now()).toSeconds() >= 2) {
                fail("instance " + n + " still ready 2 s after SIGTERM: " + ready);
            }
            return ready.status() == 503 && ready.text().contains("\"stopping\"");
        });
        RawHttp.Answer uploaded = upload.finish();
        assertEquals(200, uploaded.status(), "the upload in flight during the stop: " + uploaded);
        assertTrue(instance.exited(Duration.ofSeconds(60)), "instance " + n + " did not exit within 60 s of SIGTERM");
        assertTrue(logOf(n).contains("Stopping: readiness DOWN"), "no drain in the log of instance " + n);
        Api.Response served = assertStatus(200, balanced.get(photo).bearer(admin).send());
        assertEquals(TestImages.etagOf(served.body()), served.header("ETag").orElseThrow(), "ETag and bytes of the photo");

        instance.start(work.resolve("data-" + n), log(n, 1));
        awaitTrue(Duration.ofSeconds(60), "instance " + n + " rejoining the cluster (3 members in its log)",
                () -> logOf(n).contains("DG Size: 3"));
        reloadNginx(-1);
    }

    /** Reads and uploads through nginx until stopped, counting every answer that is not a success. */
    private final class Load {
        final List<String> failures = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        private final List<String> photos;
        private final String token;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads = Executors.newFixedThreadPool(3);
        private final Set<String> colours = ConcurrentHashMap.newKeySet();

        Load(List<String> photos, String token) {
            this.photos = photos;
            this.token = token;
        }

        void start() {
            for (int t = 0; t < 2; t++) {
                int offset = t;
                threads.submit(() -> {
                    for (int i = offset; running.get(); i++) {
                        String photo = photos.get(i % photos.size());
                        try {
                            Api.Response read = balanced.get(photo).bearer(token).send();
                            reads.incrementAndGet();
                            if (read.status() != 200 || !TestImages.etagOf(read.body()).equals(read.header("ETag").orElse(""))) {
                                failures.add(read.toString());
                            }
                        } catch (UncheckedIOException e) {
                            failures.add("GET " + photo + ": " + e.getCause());
                        }
                    }
                });
            }
            threads.submit(() -> {
                for (int i = 0; running.get(); i++) {
                    String photo = photos.get(i % photos.size());
                    try {
                        Api.Response written = balanced.put(photo, TestImages.jpeg(150 + i % 50, 150, Color.BLUE), "image/jpeg")
                                .bearer(token).send();
                        writes.incrementAndGet();
                        if (written.status() != 200) {
                            failures.add(written.toString());
                        }
                    } catch (UncheckedIOException e) {
                        failures.add("PUT " + photo + ": " + e.getCause());
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            assertTrue(threads.awaitTermination(120, TimeUnit.SECONDS), "the load did not stop");
        }
    }

    // ------------------------------------------------------------------ kill -9

    /**
     * SIGKILL to one instance while readers and uploaders go through nginx: every upload answered 2xx is
     * served afterwards by the surviving instances with exactly the photo it made (or, when a later
     * upload of the same user failed, possibly that one's: a request cut by the kill may have committed),
     * and the only failures are requests that were in flight when the instance died. nginx passes a
     * request that the dead instance refused or cut before its answer began to the next instance
     * (proxy_next_upstream in server-config/nginx/portrait-upstream.conf, uploads included), so a request
     * fails only when the kill cuts an answer already under way: at most one per client. The instance
     * then starts again, rejoins and serves the current photos.
     */
    @Test
    @Order(4)
    void killingAnInstanceUnderLoadLosesNoPhotoAndFailsOnlyRequestsInFlightOnIt() throws Exception {
        Tenant tenant = new Tenant(balanced);
        String admin = tenant.adminToken();
        Api first = instances.get(0).api();

        // The photo each image becomes (the largest square): processing is deterministic, so the ETag of an
        // upload of image k is learnt once, on instance 0, which forgets its own writes before it answers.
        List<byte[]> images = new ArrayList<>();
        List<String> made = new ArrayList<>();
        String probe = photoOf(tenant.createUser("kill-probe"));
        for (int k = 0; k < 4; k++) {
            images.add(TestImages.jpeg(170 + 9 * k, 170, Color.getHSBColor(k / 4f, 0.8f, 1f)));
            assertStatus(200, first.put(probe, images.get(k), "image/jpeg").bearer(admin).send());
            made.add(assertStatus(200, first.get(probe).bearer(admin).send()).header("ETag").orElseThrow());
        }
        assertEquals(images.size(), Set.copyOf(made).size(), "four images, four photos: " + made);

        List<String> photos = new ArrayList<>();
        List<Uploads> uploads = new ArrayList<>();
        for (int u = 0; u < 12; u++) {
            String photo = photoOf(tenant.createUser("kill" + u));
            assertStatus(200, first.put(photo, images.get(0), "image/jpeg").bearer(admin).send());
            photos.add(photo);
            uploads.add(new Uploads());
        }

        MixedLoad load = new MixedLoad(photos, uploads, images, Set.copyOf(made), admin);
        load.start();
        Instant loadStarted = Instant.now();
        long killSent;
        long killed;
        int readsBefore;
        int writesBefore;
        int nginxErrorsBefore;
        try {
            awaitTrue(Duration.ofSeconds(30), () -> "load under way: " + load.reads + " reads, " + load.writes + " uploads",
                    () -> load.reads.get() >= 100 && load.writes.get() >= 10);
            readsBefore = load.reads.get();
            writesBefore = load.writes.get();
            nginxErrorsBefore = nginxErrorLog().length();
            killSent = System.nanoTime();
            instances.get(KILLED).kill();
            killed = System.nanoTime();
            // Past nginx's fail_timeout (5 s), so that it also tries the dead instance again.
            TimeUnit.SECONDS.sleep(7);
        } finally {
            load.stop();
        }
        List<MixedLoad.Failure> failures = List.copyOf(load.failures);
        // What nginx saw of the dead instance: requests it had sent there (cut while nginx waited for the
        // answer, or refused) and passed on to the next instance, by method and stage.
        String deadUpstream = "upstream: \"http://127.0.0.1:" + (HTTP_PORT + KILLED) + "/";
        java.util.Map<String, Long> passedOn = nginxErrorLog().substring(nginxErrorsBefore).lines()
                .filter(line -> line.contains("[error]") && line.contains(deadUpstream))
                .collect(Collectors.groupingBy(line -> line.replaceFirst(".*request: \"(\\w+) .*", "$1")
                        + (line.contains("while connecting") ? " refused" : " in flight"), java.util.TreeMap::new, Collectors.counting()));
        System.out.printf("ClusterIT: kill -9 of instance %d under load through nginx (%d readers, %d uploaders, %d s):"
                        + " %d reads and %d uploads, %d and %d of them after the kill; requests nginx passed on from the"
                        + " dead instance: %s; %d failed%s%n",
                KILLED, KILL_READERS, KILL_UPLOADERS, Duration.between(loadStarted, Instant.now()).toSeconds(),
                load.reads.get(), load.writes.get(), load.reads.get() - readsBefore, load.writes.get() - writesBefore,
                passedOn, failures.size(), failures.stream().map(f -> "\n  " + f.describe(killSent)).collect(Collectors.joining()));
        assertTrue(!passedOn.isEmpty(), "nginx never sent a request to the killed instance: the kill proved nothing");
        for (MixedLoad.Failure failure : failures) {
            assertTrue(failure.sent() < killed && failure.ended() > killSent,
                    "a failure of a request not in flight when the instance was killed: " + failure.describe(killSent));
        }
        assertTrue(failures.size() <= KILL_READERS + KILL_UPLOADERS, "more failures than clients: " + failures.size());
        assertTrue(load.reads.get() - readsBefore >= 100 && load.writes.get() - writesBefore >= 10,
                "the survivors served too little after the kill to prove anything");

        // No photo lost or corrupted: once the last upload can have propagated, both survivors and nginx
        // serve, for every user, the photo of the last upload answered 2xx (or of a failed one after it).
        TimeUnit.MILLISECONDS.sleep(PROPAGATION_BOUND.toMillis());
        List<String> current = new ArrayList<>();
        for (int u = 0; u < photos.size(); u++) {
            Set<String> possible = uploads.get(u).possible(made);
            String served = null;
            for (Api reader : List.of(first, instances.get(ISOLATED).api(), balanced)) {
                Api.Response read = assertStatus(200, reader.get(photos.get(u)).bearer(admin).send());
                String etag = read.header("ETag").orElseThrow();
                assertEquals(TestImages.etagOf(read.body()), etag, "bytes and ETag of " + read);
                assertTrue(possible.contains(etag), read + " with ETag " + etag + " after uploads whose photos are " + possible);
                assertTrue(served == null || served.equals(etag), "the survivors disagree on " + photos.get(u));
                served = etag;
            }
            current.add(served);
        }

        // Started again, it rejoins the cluster and serves the current photos, then its writes reach the others.
        LaunchedPortrait restarted = instances.get(KILLED);
        restarted.start(work.resolve("data-" + KILLED), log(KILLED, 2));
        awaitTrue(Duration.ofSeconds(60), "instance " + KILLED + " rejoining the cluster (3 members in its log)",
                () -> logOf(KILLED).contains("DG Size: 3"));
        for (int u = 0; u < photos.size(); u++) {
            Api.Response read = assertStatus(200, restarted.api().get(photos.get(u)).bearer(admin).send());
            assertEquals(current.get(u), read.header("ETag").orElseThrow(), "the restarted instance serving " + photos.get(u));
            assertEquals(TestImages.etagOf(read.body()), current.get(u), "bytes of " + read);
        }
        uploadServedEverywhere(KILLED, photos.get(0), admin, images.get(3));
    }

    /** One user's uploads as a single uploader made them, one after the other. */
    private static final class Uploads {
        /** The image of the last upload answered 2xx (the initial upload: image 0). */
        int acknowledged;
        /** Images of the failed uploads after it: each may or may not have been stored. */
        final Set<Integer> unsure = new java.util.HashSet<>();
        int lastSent;

        int next(int images) {
            lastSent = (lastSent + 1) % images;
            return lastSent;
        }

        void answered(int image, boolean ok) {
            if (ok) {
                acknowledged = image;
                unsure.clear();
            } else {
                unsure.add(image);
            }
        }

        Set<String> possible(List<String> made) {
            Set<String> etags = new java.util.HashSet<>(Set.of(made.get(acknowledged)));
            unsure.forEach(image -> etags.add(made.get(image)));
            return etags;
        }
    }

    /**
     * Readers of every photo and uploaders (each with users of its own, so a user's uploads come one
     * after the other) through nginx, recording each failure with when it was sent and when it ended.
     */
    private final class MixedLoad {
        record Failure(String request, long sent, long ended, String outcome) {
            String describe(long kill) {
                return String.format("%s sent %+d ms, ended %+d ms from the kill: %s", request,
                        (sent - kill) / 1_000_000, (ended - kill) / 1_000_000, outcome);
            }
        }

        final List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger writes = new AtomicInteger();
        private final List<String> photos;
        private final List<Uploads> uploads;
        private final List<byte[]> images;
        private final Set<String> madeEtags;
        private final String token;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService threads = Executors.newFixedThreadPool(KILL_READERS + KILL_UPLOADERS);

        MixedLoad(List<String> photos, List<Uploads> uploads, List<byte[]> images, Set<String> madeEtags, String token) {
            this.photos = photos;
            this.uploads = uploads;
            this.images = images;
            this.madeEtags = madeEtags;
            this.token = token;
        }

        void start() {
            for (int t = 0; t < KILL_READERS; t++) {
                int offset = t;
                threads.submit(() -> {
                    for (int i = offset; running.get(); i++) {
                        String photo = photos.get(i % photos.size());
                        long sent = System.nanoTime();
                        String outcome;
                        try {
                            Api.Response read = balanced.get(photo).bearer(token).send();
                            String etag = read.header("ETag").orElse("");
                            outcome = read.status() != 200 ? read.toString()
                                    : !TestImages.etagOf(read.body()).equals(etag) ? "bytes not matching their ETag " + etag
                                    : !madeEtags.contains(etag) ? "a photo no upload made: " + etag : null;
                        } catch (UncheckedIOException e) {
                            outcome = String.valueOf(e.getCause());
                        }
                        reads.incrementAndGet();
                        if (outcome != null) {
                            failures.add(new Failure("GET " + photo, sent, System.nanoTime(), outcome));
                        }
                    }
                });
            }
            for (int t = 0; t < KILL_UPLOADERS; t++) {
                int offset = t;
                threads.submit(() -> {
                    for (int i = offset; running.get(); i += KILL_UPLOADERS) {
                        int user = i % photos.size();
                        Uploads record = uploads.get(user);
                        int image = record.next(images.size());
                        long sent = System.nanoTime();
                        String outcome;
                        try {
                            Api.Response written = balanced.put(photos.get(user), images.get(image), "image/jpeg").bearer(token).send();
                            outcome = written.status() == 200 ? null : written.toString();
                        } catch (UncheckedIOException e) {
                            outcome = String.valueOf(e.getCause());
                        }
                        writes.incrementAndGet();
                        record.answered(image, outcome == null);
                        if (outcome != null) {
                            failures.add(new Failure("PUT " + photos.get(user), sent, System.nanoTime(), outcome));
                        }
                    }
                });
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            threads.shutdown();
            assertTrue(threads.awaitTermination(120, TimeUnit.SECONDS), "the load did not stop");
        }
    }

    // ------------------------------------------------------------------ partitions

    /**
     * Cache invalidation goes through PostgreSQL, not the data grid (docs/scaling.md): an instance cut off
     * from the other members' Hazelcast (nftables resets every connection between its address and
     * theirs, until each side's grid has dropped the other) still serves every write made elsewhere within
     * the propagation bound, and the others serve its writes. Healed, the grids merge again.
     */
    @Test
    @Order(5)
    void anInstanceCutOffFromTheDataGridStillServesEveryWriteWithinOneSecond() throws Exception {
        Tenant tenant = new Tenant(instances.get(0).api());
        String admin = tenant.adminToken();
        String photo = photoOf(tenant.createUser("partitioned"));
        uploadServedEverywhere(0, photo, admin, TestImages.jpeg(210, 210, Color.CYAN));

        int[] marks = logLengths();
        String others = IntStream.range(0, INSTANCES).filter(i -> i != ISOLATED).mapToObj(ClusterIT::hazelcastAddress)
                .collect(Collectors.joining(", "));
        Instant cut = Instant.now();
        partitioned = true;
        nft(true, "-f", "-", "table inet " + NFT_TABLE + " {\n"
                + "  chain output {\n"
                + "    type filter hook output priority 0; policy accept;\n"
                + "    ip saddr " + hazelcastAddress(ISOLATED) + " ip daddr { " + others + " } meta l4proto tcp reject with tcp reset\n"
                + "    ip saddr { " + others + " } ip daddr " + hazelcastAddress(ISOLATED) + " meta l4proto tcp reject with tcp reset\n"
                + "  }\n"
                + "}\n");
        awaitTrue(Duration.ofSeconds(60), "instance " + ISOLATED + " alone in its data grid, the others two",
                () -> logSince(ISOLATED, marks).contains("DG Size: 1")
                        && IntStream.range(0, INSTANCES).filter(i -> i != ISOLATED).allMatch(i -> logSince(i, marks).contains("DG Size: 2")));
        long splitSeconds = Duration.between(cut, Instant.now()).toSeconds();

        for (int round = 0; round < 4; round++) {
            int writer = round % 2 == 0 ? round / 2 : ISOLATED; // 0, isolated, 1, isolated
            uploadServedEverywhere(writer, photo, admin, TestImages.jpeg(220 + round, 220, Color.getHSBColor(round / 4f, 1f, 0.8f)));
        }
        readEverywhere(photo, admin);
        assertStatus(204, instances.get(0).api().delete(photo).bearer(admin).send());
        awaitEverywhere("photo deleted on instance", 0, photo, admin, 404);

        int[] healed = logLengths();
        Instant heal = Instant.now();
        nft(true, "delete", "table", "inet", NFT_TABLE);
        partitioned = false;
        awaitTrue(Duration.ofSeconds(90), "instance " + ISOLATED + " merged back into a grid of 3",
                () -> logSince(ISOLATED, healed).contains("DG Size: 3"));
        System.out.printf("ClusterIT: Hazelcast of instance %d cut off: grids split after %d s; writes served everywhere"
                + " meanwhile; merged %d s after healing%n", ISOLATED, splitSeconds, Duration.between(heal, Instant.now()).toSeconds());
        uploadServedEverywhere(ISOLATED, photo, admin, TestImages.jpeg(230, 230, Color.PINK));
    }

    /**
     * An instance that can no longer read the invalidation log (its database role loses SELECT on it:
     * every read fails, as when the log's table is unreachable) must not serve a photo replaced on
     * another instance for longer than STALE_BOUND after the replacing write answered: its failed reads
     * empty its caches, and two seconds after its last good read the caches step aside. Writes are made
     * right after the revocation, while its caches are still trusted, and past the two seconds. Its own
     * writes still reach the others (their invalidations are still written). Granted again, it reads
     * the log again and serves writes from elsewhere within the propagation bound.
     */
    @Test
    @Order(6)
    void anInstanceThatCannotReadTheInvalidationLogServesNoReplacedPhotoBeyondTheBound() throws Exception {
        Api isolated = instances.get(ISOLATED).api();
        Api writer = instances.get(0).api();
        Tenant tenant = new Tenant(writer);
        String admin = tenant.adminToken();
        String photo = photoOf(tenant.createUser("unreadable"));
        uploadServedEverywhere(0, photo, admin, TestImages.jpeg(240, 240, Color.GREEN));

        int[] marks = logLengths();
        database.run("-c", "REVOKE SELECT ON cache_invalidation FROM " + isolatedRole);
        long revoked = System.nanoTime();
        int rounds = 0;
        try {
            while (rounds < 8 || System.nanoTime() - revoked < TimeUnit.SECONDS.toNanos(3)) {
                // The isolated instance has the current photo in its cache, while it still trusts its cache.
                isolated.get(photo).bearer(admin).send();
                assertStatus(200, writer.put(photo, TestImages.jpeg(250 + rounds, 250, Color.getHSBColor(rounds / 9f, 1f, 1f)),
                        "image/jpeg").bearer(admin).send());
                long written = System.nanoTime();
                String etag = assertStatus(200, writer.get(photo).bearer(admin).send()).header("ETag").orElseThrow();
                while (true) {
                    Api.Response read = assertStatus(200, isolated.get(photo).bearer(admin).send());
                    long stale = (System.nanoTime() - written) / 1_000_000;
                    assertEquals(TestImages.etagOf(read.body()), read.header("ETag").orElseThrow(), "bytes and ETag of " + read);
                    if (etag.equals(read.header("ETag").orElseThrow())) {
                        staleMillis.add(stale);
                        break;
                    }
                    assertTrue(stale <= STALE_BOUND.toMillis(), "instance " + ISOLATED + ", unable to read the invalidation log,"
                            + " still serves the replaced photo " + stale + " ms after the write (round " + rounds + ")");
                }
                for (int again = 0; again < 5; again++) {
                    assertEquals(etag, isolated.get(photo).bearer(admin).send().header("ETag").orElseThrow(), "served, then undone");
                }
                rounds++;
            }
            assertTrue(logSince(ISOLATED, marks).contains("Cannot read cache invalidations"),
                    "instance " + ISOLATED + " did not log that it cannot read the invalidation log");
            uploadServedEverywhere(ISOLATED, photo, admin, TestImages.jpeg(260, 260, Color.MAGENTA));
        } finally {
            database.run("-c", "GRANT SELECT ON cache_invalidation TO " + isolatedRole);
        }
        awaitTrue(Duration.ofSeconds(10), "instance " + ISOLATED + " reading the invalidation log again",
                () -> logSince(ISOLATED, marks).contains("Reading cache invalidations again"));
        for (int round = 0; round < 3; round++) {
            uploadServedEverywhere(round % 2, photo, admin, TestImages.jpeg(270 + round, 270, Color.getHSBColor(round / 3f, 0.5f, 1f)));
        }
    }

    /**
     * The nginx template answers its own refusals in Graph's error shape (docs/hardening.md): requests that
     * Payara would answer with an empty 200 or a bare 400 never reach an instance.
     */
    @Test
    @Order(7)
    void nginxRefusesMalformedRequestsWithGraphErrorsAndPassesLongTokens() {
        Tenant tenant = new Tenant(instances.get(0).api());
        String admin = tenant.adminToken();
        User user = tenant.createUser("front-door");
        String photo = photoOf(user);
        RawHttp raw = new RawHttp(balanced.origin());
        String bearer = "Authorization: Bearer " + admin;

        // An upload to a path with a broken escape: Payara alone answers an empty 200 and stores nothing.
        byte[] jpeg = TestImages.jpeg(120, 120, Color.ORANGE);
        String brokenEscape = "/v1.0/users/" + user.id() + "%ZZ/photo/$value";
        assertRefusedByNginx(400, "BadRequest", raw.sendRaw("PUT " + brokenEscape + " HTTP/1.1\r\n" + raw.hostHeader()
                + "\r\n" + bearer + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length
                + "\r\nConnection: close\r\n\r\n", jpeg));
        GraphAssertions.assertError(404, "ImageNotFound", balanced.get(photo).bearer(admin).send());

        assertRefusedByNginx(400, "BadRequest", raw.send("GET", "/v1.0/users/" + user.id() + "%00/photo/$value", bearer));
        assertRefusedByNginx(400, "BadRequest", raw.send("GET", photo, bearer, "X-Padding: " + "a".repeat(40_000)));
        assertRefusedByNginx(505, "BadRequest", raw.sendRaw("GET " + photo + " HTTP/9.9\r\n" + raw.hostHeader()
                + "\r\nConnection: close\r\n\r\n", new byte[0]));
        // Over the template's client_max_body_size (8 MiB), refused before the body is read.
        assertRefusedByNginx(413, "RequestEntityTooLarge", raw.sendWithLength("PUT", photo, 9L << 20, new byte[0], bearer,
                "Content-Type: image/jpeg"));

        // A 20 KB header line passes (nginx's default buffers refuse a line over 8 KiB), and Portrait answers.
        assertStatus(200, balanced.put(photo, jpeg, "image/jpeg").bearer(admin).header("X-Padding", "a".repeat(20_000)).send());
        // (A read of the photo could land on an instance that has not heard of the upload yet: up to 1 s.)
        assertStatus(200, balanced.get("/v1.0/users/" + user.id()).bearer(admin).header("X-Padding", "a".repeat(20_000)).send());
        // Portrait's own errors pass through unchanged (nginx does not intercept upstream errors).
        GraphAssertions.assertError(400, "BadRequest", balanced.get("/v1.0/users/" + user.id() + "/photos/abc/$value").bearer(admin).send());
    }

    private static void assertRefusedByNginx(int status, String code, RawHttp.Answer answer) {
        assertEquals(status, answer.status(), answer::toString);
        assertTrue(answer.header("content-type").startsWith("application/json"), answer::toString);
        String requestId = answer.header("request-id");
        assertTrue(requestId != null && requestId.matches("[0-9a-f]{32}"), answer::toString);
        JsonObject error = JSON.createReader(new java.io.StringReader(answer.text())).readObject().getJsonObject("error");
        assertEquals(code, error.getString("code"), answer::toString);
        assertEquals(requestId, error.getJsonObject("innerError").getString("request-id"), answer::toString);
        assertTrue(error.getJsonObject("innerError").getString("date").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"),
                answer::toString);
    }

    // ------------------------------------------------------------------ nginx

    /** nginx.conf around server-config/nginx/portrait-upstream.conf, with this suite's ports; {@code down}: that instance marked down. */
    private void writeNginxConfig(int down) throws IOException {
        Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        String upstream = Files.readString(basedir.resolve("server-config/nginx/portrait-upstream.conf"));
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < INSTANCES; i++) {
            servers.append("    server 127.0.0.1:").append(HTTP_PORT + i).append(" max_fails=1 fail_timeout=5s")
                    .append(i == down ? " down" : "").append(";\n");
        }
        String configured = upstream
                .replaceAll("(?m)^    server 127\\.0\\.0\\.1:\\d+ [^\\n]*\\n", "")
                .replace("upstream portrait {\n", "upstream portrait {\n" + servers)
                .replace("listen 8088;", "listen 127.0.0.1:" + (HTTP_PORT + INSTANCES) + ";");
        assertTrue(configured.contains(" down;") == (down >= 0) && configured.contains(":" + (HTTP_PORT + INSTANCES) + ";"),
                "the template changed shape:\n" + configured);
        Files.createDirectories(work.resolve("nginx"));
        Files.writeString(work.resolve("nginx/portrait-upstream.conf"), configured);
        // keepalive_timeout 0: every answer closes its client connection, so a reload never races a
        // client reusing an idle connection that the old worker is closing (a client-side failure).
        Files.writeString(work.resolve("nginx/nginx.conf"), """
                daemon off;
                worker_processes 1;
                pid nginx.pid;
                error_log logs/error.log notice;
                events { worker_connections 256; }
                http {
                    access_log logs/access.log;
                    keepalive_timeout 0;
                    client_body_temp_path tmp/body;
                    proxy_temp_path tmp/proxy;
                    include portrait-upstream.conf;
                }
                """);
        Files.createDirectories(work.resolve("nginx/tmp"));
    }

    /** Rewrites the configuration, reloads, and waits until every worker of the old one is gone. */
    private void reloadNginx(int down) throws Exception {
        writeNginxConfig(down);
        Set<Long> oldWorkers = nginx.children().map(ProcessHandle::pid).collect(Collectors.toSet());
        Process hup = new ProcessBuilder("kill", "-HUP", String.valueOf(nginx.pid())).redirectErrorStream(true).start();
        assertEquals(0, hup.waitFor(), new String(hup.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        awaitTrue(Duration.ofSeconds(30), "nginx's old workers " + oldWorkers + " gone after the reload",
                () -> nginx.children().noneMatch(child -> oldWorkers.contains(child.pid()))
                        && nginx.children().findAny().isPresent());
    }

    // ------------------------------------------------------------------ helpers

    private static String photoOf(User user) {
        return "/v1.0/users/" + user.id() + "/photo/$value";
    }

    /** Instance {@code i}'s Hazelcast address: one loopback address per instance. */
    private static String hazelcastAddress(int i) {
        return "127.0.0." + (2 + i);
    }

    /** Runs nft with these arguments ("-f -": the rules on standard input); {@code required}: fail when it does. */
    private static void nft(boolean required, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(NFT.toString()));
        List<String> rest = new ArrayList<>(List.of(arguments));
        String input = rest.size() >= 3 && rest.get(0).equals("-f") ? rest.remove(2) : null;
        command.addAll(rest);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (input != null) {
            process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        }
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "nft did not finish");
        if (required) {
            assertEquals(0, process.exitValue(), () -> String.join(" ", command) + "\n" + output + (input == null ? "" : input));
        }
    }

    private String nginxErrorLog() {
        try {
            return Files.readString(work.resolve("nginx/logs/error.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int[] logLengths() {
        return IntStream.range(0, INSTANCES).map(i -> logOf(i).length()).toArray();
    }

    /** What instance {@code i} logged after {@code marks} were taken (logLengths). */
    private String logSince(int i, int[] marks) {
        String log = logOf(i);
        return log.substring(Math.min(marks[i], log.length()));
    }

    /** The requests an instance is serving, from its readiness answer's shutdown check. */
    private static int inFlight(Api.Response ready) {
        return ready.json().getJsonArray("checks").stream().map(check -> check.asJsonObject())
                .filter(check -> "shutdown".equals(check.getString("name")))
                .map(check -> Integer.parseInt(check.getJsonObject("data").getString("requestsInFlight")))
                .findFirst().orElseThrow();
    }

    private Path log(int instance, int start) {
        return work.resolve("instance-" + instance + "-" + start + ".log");
    }

    private String logOf(int instance) {
        try {
            return Files.readString(instances.get(instance).log());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks {@code condition} until it holds, failing after {@code timeout}. */
    private static void awaitTrue(Duration timeout, String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        awaitTrue(timeout, () -> what, condition);
    }

    private static void awaitTrue(Duration timeout, java.util.function.Supplier<String> what,
                                  java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                fail(what.get() + ": not within " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}
