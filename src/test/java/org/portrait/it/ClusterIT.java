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
 * stopped and started again under a read and write load through nginx without a failed request.
 * PostgreSQL execution only (the embedded H2 is one process's database). Its own database
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
    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    private final Path work = Path.of(System.getProperty("basedir", "."), "target",
            "cluster-it-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(java.time.LocalDateTime.now()))
            .toAbsolutePath();
    private final List<LaunchedPortrait> instances = new ArrayList<>();
    private final Api balanced = new Api("http://127.0.0.1:" + (HTTP_PORT + INSTANCES));
    private final List<Long> propagationMillis = Collections.synchronizedList(new ArrayList<>());
    private Process nginx;
    private Psql database;

    @BeforeAll
    void startCluster() throws Exception {
        assumeTrue(LaunchedPortrait.onPostgresql(), "three instances share one PostgreSQL database");
        assertTrue(Files.isExecutable(NGINX), "nginx missing: " + NGINX + " (Debian's nginx-light; .ci/run installs it)");
        Files.createDirectories(work);
        Psql server = new Psql(System.getenv("PORTRAIT_DB_URL")).database("postgres");
        server.run("-c", "DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)", "-c", "CREATE DATABASE " + DATABASE);
        database = server.database(DATABASE);

        String members = IntStream.range(0, INSTANCES).mapToObj(i -> "127.0.0.1:" + (CLUSTER_PORT + i))
                .collect(Collectors.joining(","));
        for (int i = 0; i < INSTANCES; i++) {
            instances.add(new LaunchedPortrait(HTTP_PORT + i, CLUSTER_PORT + i).postgresql(database.jdbcUrl()).with(java.util.Map.of(
                    "PORTRAIT_CLUSTER_MEMBERS", members,
                    "PORTRAIT_CLUSTER_NAME", "portrait-cluster-it",
                    "PORTRAIT_SHUTDOWN_GRACE_MS", "20000",
                    // One link key for the cluster (docs/links-and-changes.md): test-only, the Base64 of
                    // "portrait-test-only-cluster-link-key"
                    "PORTRAIT_LINKS_KEY", "cG9ydHJhaXQtdGVzdC1vbmx5LWNsdXN0ZXItbGluay1rZXk=")));
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
            // every instance has the current state cached (or "no photo") before the write
            readEverywhere(photo, admin);
            Api writer = instances.get(round % INSTANCES).api();
            assertStatus(200, writer.put(photo, jpeg, "image/jpeg").bearer(admin).send());
            Api.Response written = assertStatus(200, writer.get(photo).bearer(admin).send());
            String etag = written.header("ETag").orElseThrow();
            for (int i = 0; i < INSTANCES; i++) {
                Api other = instances.get(i).api();
                awaitServed("upload on instance " + (round % INSTANCES) + ", read on " + i, i != round % INSTANCES, () -> {
                    Api.Response read = other.get(photo).bearer(admin).send();
                    if (read.status() == 200) {
                        assertEquals(TestImages.etagOf(read.body()), read.header("ETag").orElseThrow(), "an ETag of other bytes");
                    }
                    return read.status() == 200 && etag.equals(read.header("ETag").orElseThrow());
                });
            }
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
