package org.portrait.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portrait.it.Tenant.User;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.portrait.it.GraphAssertions.assertJson;
import static org.portrait.it.GraphAssertions.assertStatus;

/**
 * Data survives a restart: runs the real launcher ({@code bin/portrait run}) twice on the same data directory.
 * No Arquillian: the launcher is what operators run, so it is what this test starts and stops.
 * Logs of both runs stay in {@code target/restart-it-<time>/}.
 */
class RestartIT {

    /** Overridable when two checkouts run their tests at the same time. */
    private static final int PORT = Integer.getInteger("portrait.it.restartPort", 28081);
    private static final int CLUSTER_PORT = Integer.getInteger("portrait.it.restartClusterPort", 6971);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    private final Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    private final Api api = new Api("http://127.0.0.1:" + PORT);
    private Process server;

    @Test
    void photosAndOwnersSurviveARestart() throws Exception {
        Path work = Files.createDirectories(basedir.resolve("target/restart-it-" + System.currentTimeMillis()));
        Path data = Files.createDirectories(work.resolve("data"));

        server = start(data, work.resolve("run-1.log"));
        Tenant tenant = new Tenant(api);
        User user = tenant.createUser("persistent");
        String photo = "/v1.0/users/" + user.id();
        assertStatus(200, api.put(photo + "/photo/$value", TestImages.jpeg(700, 650, Color.ORANGE), "image/jpeg")
                .bearer(tenant.adminToken()).send());
        Map<String, String> etags = etags(photo, tenant.adminToken());
        assertEquals(9, etags.size(), etags::toString);
        etags.put("700X650", assertJson(api.get(photo + "/photos/700x650").bearer(tenant.adminToken()).send())
                .getString("@odata.mediaEtag"));
        Map<String, byte[]> bytes = bytes(photo, tenant.adminToken(), etags);
        byte[] largest = value(photo + "/photo/$value", tenant.adminToken()).body();
        stop(server);

        server = start(data, work.resolve("run-2.log"));
        String token = tenant.adminToken();
        JsonObject reread = assertJson(api.get("/v1.0/users/" + user.upn()).bearer(token).send());
        assertEquals(user.id(), reread.getString("id"));
        Map<String, String> etagsAfter = etags(photo, token);
        etagsAfter.put("700X650", assertJson(api.get(photo + "/photos/700x650").bearer(token).send())
                .getString("@odata.mediaEtag"));
        assertEquals(etags, etagsAfter);
        Map<String, byte[]> bytesAfter = bytes(photo, token, etags);
        for (String size : etags.keySet()) {
            assertArrayEquals(bytes.get(size), bytesAfter.get(size), size + " changed across the restart");
        }
        assertArrayEquals(largest, value(photo + "/photo/$value", token).body());
        stop(server);
    }

    @AfterEach
    void killLeftovers() throws InterruptedException {
        if (server != null && server.isAlive()) {
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Process start(Path data, Path log) throws IOException, InterruptedException {
        Path launcher = basedir.resolve("bin/portrait");
        assertTrue(Files.isExecutable(launcher), "launcher missing: " + launcher);
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "run")
                .directory(basedir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("PORT", String.valueOf(PORT));
        env.put("PORTRAIT_DATA", data.toString());
        env.put("PORTRAIT_WAR", requiredProperty("portrait.war"));
        env.put("PORTRAIT_MICRO_JAR", requiredProperty("payara.microJar"));
        env.put("PORTRAIT_CLUSTER_PORT", String.valueOf(CLUSTER_PORT));
        env.put("JAVA_OPTS", "-Xmx512m");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                basedir.resolve("src/test/resources/test-keys/test-only-public.pem").toUri().toString());
        env.put("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
        env.put("MP_JWT_VERIFY_AUDIENCES", TestTokens.AUDIENCE);
        env.remove("MP_JWT_VERIFY_PUBLICKEY");

        Instant started = Instant.now();
        Process process = builder.start();
        Instant deadline = started.plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("the launcher exited with " + process.exitValue() + " before it was ready:\n" + tail(log));
            }
            if (ready()) {
                System.out.printf("RestartIT: %s ready in %d s (pid %d)%n", log.getFileName(),
                        Duration.between(started, Instant.now()).toSeconds(), process.pid());
                return process;
            }
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        process.destroyForcibly();
        fail("/health/ready did not answer 200 within " + READY_TIMEOUT.toSeconds() + " s:\n" + tail(log));
        return process;
    }

    private boolean ready() {
        try {
            Api.Response health = api.get("/health/ready").send();
            return health.status() == 200 && health.text().contains("UP");
        } catch (UncheckedIOException e) {
            return false; // not listening yet
        }
    }

    /** SIGTERM (a clean Payara shutdown), then wait; the launcher execs Java, so the pid is Payara's. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            fail("Payara Micro (pid " + process.pid() + ") did not stop within 60 s of SIGTERM");
        }
    }

    private Map<String, String> etags(String ownerPath, String token) {
        Map<String, String> etags = new LinkedHashMap<>();
        for (JsonValue entry : assertJson(api.get(ownerPath + "/photos").bearer(token).send()).getJsonArray("value")) {
            etags.put(entry.asJsonObject().getString("id"), entry.asJsonObject().getString("@odata.mediaEtag"));
        }
        return etags;
    }

    private Map<String, byte[]> bytes(String ownerPath, String token, Map<String, String> etags) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        etags.forEach((size, etag) -> {
            Api.Response response = value(ownerPath + "/photos/" + size.toLowerCase() + "/$value", token);
            assertEquals(etag, response.header("ETag").orElse(null), response::toString);
            bytes.put(size, response.body());
        });
        return bytes;
    }

    private Api.Response value(String path, String token) {
        return assertStatus(200, api.get(path).bearer(token).send());
    }

    private static String requiredProperty(String name) {
        String value = System.getProperty(name);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            fail("system property " + name + " must name a file (set by failsafe), got " + value);
        }
        return value;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
