package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.portrait.it.GraphAssertions.assertError;
import static org.portrait.it.GraphAssertions.assertStatus;

import java.awt.Color;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.portrait.it.Tenant.User;

/**
 * The database stops under load and comes back: every request meanwhile answers 503 ServiceUnavailable
 * with Retry-After within 5 s (no hang, no 500), /health/ready says DOWN, and Portrait serves again
 * once the database is back, without a restart and with no photo lost. Runs a PostgreSQL server of its
 * own (the machine's is shared), in failsafe's PostgreSQL execution.
 */
class DatabaseOutageIT {

    private static final int DATABASE_PORT = Integer.getInteger("portrait.it.outagePostgresqlPort", 55439);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private static final Duration RECOVERY_WITHIN = Duration.ofSeconds(30);

    private final LaunchedPortrait server = new LaunchedPortrait();
    private final Api api = server.api;
    private PrivatePostgresql database;

    /** One request of the background load: what it was, how it ended, how long it took. */
    private record Outcome(String request, int status, long millis, String retryAfter, String code) {
    }

    @Test
    void requestsFailFastDuringAnOutageAndRecoverWithoutARestart() throws Exception {
        assumeTrue(LaunchedPortrait.onPostgresql(), "runs in the PostgreSQL execution");
        database = new PrivatePostgresql(DATABASE_PORT);
        database.start();
        Path work = Files.createDirectories(server.basedir().resolve("target/outage-it-" + System.currentTimeMillis()));
        server.postgresql(database.jdbcUrl()).start(work.resolve("data"), work.resolve("run.log"));

        Tenant tenant = new Tenant(api);
        User user = tenant.createUser("outage");
        String photo = "/v1.0/users/" + user.id();
        String token = tenant.adminToken();
        assertStatus(200, api.put(photo + "/photo/$value", TestImages.jpeg(700, 650, Color.BLUE), "image/jpeg").bearer(token).send());

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService load = Executors.newFixedThreadPool(4);
        for (int worker = 0; worker < 4; worker++) {
            int id = worker;
            load.submit(() -> {
                for (int round = 0; running.get(); round++) {
                    Api.Request request = id == 0 && round % 5 == 0
                            ? api.put(photo + "/photo/$value", TestImages.jpeg(700, 650, round % 2 == 0 ? Color.RED : Color.GREEN), "image/jpeg")
                            : round % 2 == 0 ? api.get(photo + "/photo/$value") : api.get(photo + "/photos");
                    outcomes.add(timed(request.bearer(token)));
                }
            });
        }
        Thread.sleep(3000);

        long linesBefore = logLines().size();
        database.stop();
        long stoppedAt = System.nanoTime();
        Thread.sleep(1000);
        // Requests of each kind while the database is down: fast, Graph-shaped 503s.
        for (Api.Request request : List.of(api.get(photo + "/photo/$value"), api.get(photo + "/photo"),
                api.get("/v1.0/me"), api.put(photo + "/photo/$value", TestImages.jpeg(400, 400, Color.BLACK), "image/jpeg"))) {
            long start = System.nanoTime();
            Api.Response response = request.bearer(token).send();
            assertError(503, "ServiceUnavailable", response);
            assertTrue(response.header("Retry-After").isPresent(), response::toString);
            assertFasterThan(ANSWER_WITHIN, start, response.request());
        }
        long readyStart = System.nanoTime();
        Api.Response ready = api.get("/health/ready").send();
        assertFasterThan(ANSWER_WITHIN, readyStart, "/health/ready");
        assertEquals(503, ready.status(), ready::toString);
        assertEquals("DOWN", ready.json().getString("status"));
        assertStatus(200, api.get("/health/live").send());
        Thread.sleep(3000);

        database.start();
        long restartedAt = System.nanoTime();
        long recoveredAt = 0;
        while (System.nanoTime() - restartedAt < RECOVERY_WITHIN.toNanos()) {
            if (api.get(photo + "/photo").bearer(token).send().status() == 200 && server.ready()) {
                recoveredAt = System.nanoTime();
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(recoveredAt > 0, "no recovery within " + RECOVERY_WITHIN.toSeconds() + " s of the database restart");
        List<String> outageLines = logLines().subList((int) linesBefore, logLines().size());
        long frames = outageLines.stream().filter(line -> line.stripLeading().startsWith("at ")).count();
        System.out.printf("DatabaseOutageIT: the outage wrote %d log lines, %d of them stack frames%n", outageLines.size(), frames);
        Thread.sleep(2000);
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(60, TimeUnit.SECONDS));

        List<Outcome> all = new ArrayList<>(outcomes);
        Map<Integer, Long> byStatus = all.stream().collect(Collectors.groupingBy(Outcome::status, LinkedHashMap::new, Collectors.counting()));
        long slowest = all.stream().mapToLong(Outcome::millis).max().orElse(0);
        System.out.printf("DatabaseOutageIT: %d requests under load %s, slowest %d ms; outage %.1f s, recovered %.1f s after the restart%n",
                all.size(), byStatus, slowest, (restartedAt - stoppedAt) / 1e9, (recoveredAt - restartedAt) / 1e9);
        for (Outcome outcome : all) {
            assertTrue(outcome.status() == 200 || outcome.status() == 503, () -> "unexpected " + outcome);
            assertTrue(outcome.millis() < ANSWER_WITHIN.toMillis(), () -> "too slow: " + outcome);
            if (outcome.status() == 503) {
                assertEquals("ServiceUnavailable", outcome.code(), outcome::toString);
                assertTrue(outcome.retryAfter() != null, () -> "503 without Retry-After: " + outcome);
            }
        }
        assertTrue(byStatus.getOrDefault(503, 0L) > 0, "the load never saw the outage: " + byStatus);

        // Nothing lost: one complete set of sizes, every ETag matching its bytes, and uploads work again.
        assertCompleteSet(photo, token);
        assertStatus(200, api.put(photo + "/photo/$value", TestImages.jpeg(700, 650, Color.YELLOW), "image/jpeg").bearer(token).send());
        assertCompleteSet(photo, token);
        server.stop();
    }

    @AfterEach
    void cleanUp() throws Exception {
        server.close();
        if (database != null) {
            database.close();
        }
    }

    /** Every HD size listed, each served with the ETag the list gives. */
    private void assertCompleteSet(String photo, String token) {
        Map<String, String> etags = GraphAssertions.photoEtags(api, photo, token);
        assertEquals(BuiltWar.HD.length, etags.size(), etags::toString);
        GraphAssertions.photoBytes(api, photo, token, etags);
    }

    private List<String> logLines() {
        try {
            return Files.readAllLines(server.log(), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Outcome timed(Api.Request request) {
        long start = System.nanoTime();
        try {
            Api.Response response = request.send();
            long millis = (System.nanoTime() - start) / 1_000_000;
            String code = null;
            if (response.status() >= 400) {
                try {
                    code = response.json().getJsonObject("error").getString("code");
                } catch (RuntimeException notJson) {
                    code = "(not Graph JSON) " + response.text();
                }
            }
            return new Outcome(response.request(), response.status(), millis, response.header("Retry-After").orElse(null), code);
        } catch (UncheckedIOException broken) {
            return new Outcome(broken.getMessage(), -1, (System.nanoTime() - start) / 1_000_000, null, broken.getCause().toString());
        }
    }

    private static void assertFasterThan(Duration limit, long startNanos, String what) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        assertTrue(millis < limit.toMillis(), what + " took " + millis + " ms");
    }
}
