package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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
 * once the database is back, without a restart and with no photo lost. The stop comes exactly while
 * uploads commit: a deferred constraint trigger holds their COMMIT in pg_sleep, and the test stops the
 * database once every one of them is waiting there; each must answer 503, and leave one complete photo,
 * the old or the new. The log of the outage is a few lines, without stack traces
 * (docs/database-outages.md). Runs a PostgreSQL server of its own (the machine's is shared), in
 * failsafe's PostgreSQL execution.
 */
class DatabaseOutageIT {

    private static final int DATABASE_PORT = Integer.getInteger("portrait.it.outagePostgresqlPort", 55439);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private static final Duration RECOVERY_WITHIN = Duration.ofSeconds(30);
    /** Uploads caught in their commit when the database stops. */
    private static final int COMMITTING = 3;
    /** Log lines an outage may write, however many requests it refuses (Portrait writes about 4). */
    private static final int MAX_OUTAGE_LOG_LINES = 40;

    /**
     * Holds the COMMIT of an upload for an owner named commit-window* (once per upload: the original's
     * row) until the database stops; other owners' uploads commit at once.
     */
    private static final String SLOW_COMMIT = """
            CREATE FUNCTION outage_it_slow_commit() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF EXISTS (SELECT 1 FROM owner WHERE owner_key = NEW.owner_key AND display_name LIKE 'commit-window%') THEN
                    PERFORM pg_sleep(300);
                END IF;
                RETURN NULL;
            END $$;
            CREATE CONSTRAINT TRIGGER outage_it_slow_commit AFTER INSERT ON photo_variant
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.original) EXECUTE FUNCTION outage_it_slow_commit();
            """;

    private final LaunchedPortrait server = new LaunchedPortrait();
    private final Api api = server.api;
    private PrivatePostgresql database;

    /** One request: what it was, how it ended, how long it took. */
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
        List<String> committers = new ArrayList<>();
        Map<String, Map<String, String>> oldEtags = new LinkedHashMap<>();
        for (int i = 0; i < COMMITTING; i++) {
            String committer = "/v1.0/users/" + tenant.createUser("commit-window-" + i).id();
            assertStatus(200, api.put(committer + "/photo/$value", TestImages.jpeg(700, 650, Color.BLUE), "image/jpeg").bearer(token).send());
            committers.add(committer);
            oldEtags.put(committer, GraphAssertions.photoEtags(api, committer, token));
        }
        // Its photo is never read before the outage, so no cache can answer for it.
        String prober = "/v1.0/users/" + tenant.createUser("prober").id();
        assertStatus(200, api.put(prober + "/photo/$value", TestImages.jpeg(700, 650, Color.BLUE), "image/jpeg").bearer(token).send());
        Psql psql = new Psql(database.jdbcUrl());
        psql.query(SLOW_COMMIT);

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

        // The commit window: a committer's upload waits in its COMMIT, the others queued behind it; then the
        // database stops.
        ExecutorService uploads = Executors.newFixedThreadPool(COMMITTING);
        List<Future<Outcome>> committing = new ArrayList<>();
        for (String committer : committers) {
            committing.add(uploads.submit(() -> timed(api.put(committer + "/photo/$value",
                    TestImages.jpeg(800, 700, Color.RED), "image/jpeg").bearer(token))));
        }
        awaitCommitsWaiting(psql);
        int linesBefore = logLines().size();
        database.stop();
        long stoppedAt = System.nanoTime();
        List<Outcome> commits = new ArrayList<>();
        for (Future<Outcome> upload : committing) {
            commits.add(upload.get(60, TimeUnit.SECONDS));
        }
        long commitsAnsweredMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
        uploads.shutdown();

        // Requests of each kind while the database is down: fast, Graph-shaped 503s.
        List<Outcome> probes = new ArrayList<>();
        for (Api.Request request : List.of(api.get(prober + "/photo/$value"), api.get(prober + "/photo"),
                api.put(prober + "/photo/$value", TestImages.jpeg(400, 400, Color.BLACK), "image/jpeg"))) {
            probes.add(timed(request.bearer(token)));
        }
        long readyStart = System.nanoTime();
        Api.Response ready = api.get("/health/ready").send();
        assertFasterThan(ANSWER_WITHIN, readyStart, "/health/ready");
        assertEquals(503, ready.status(), ready::toString);
        assertEquals("DOWN", ready.json().getString("status"));
        assertStatus(200, api.get("/health/live").send());
        Thread.sleep(3000); // the outage lasts a few seconds more under load

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
        List<String> outageLog = awaitLogLine(linesBefore, "Database available again");
        running.set(false);
        load.shutdown();
        assertTrue(load.awaitTermination(60, TimeUnit.SECONDS));

        List<Outcome> all = new ArrayList<>(outcomes);
        Map<Integer, Long> byStatus = statuses(all);
        long slowest = all.stream().mapToLong(Outcome::millis).max().orElse(0);
        long frames = outageLog.stream().filter(DatabaseOutageIT::stackTraceLine).count();
        System.out.printf("DatabaseOutageIT: %d requests under load %s, slowest %d ms; outage %.1f s, recovered %.1f s after the restart%n",
                all.size(), byStatus, slowest, (restartedAt - stoppedAt) / 1e9, (recoveredAt - restartedAt) / 1e9);
        System.out.printf("DatabaseOutageIT: uploads stopped in their commit %s, answered %d ms after the stop; probes %s%n",
                statuses(commits), commitsAnsweredMillis, statuses(probes));
        System.out.printf("DatabaseOutageIT: the outage wrote %d log lines, %d of them stack frames%n", outageLog.size(), frames);
        outageLog.stream().filter(line -> line.contains("org.portrait") || line.startsWith("WARNING") || line.startsWith("SEVERE"))
                .limit(20).forEach(line -> System.out.println("DatabaseOutageIT log: " + line));

        for (Outcome commit : commits) {
            assertUnavailable(commit);
        }
        assertTrue(commitsAnsweredMillis < ANSWER_WITHIN.toMillis(), "uploads in their commit answered " + commitsAnsweredMillis + " ms after the stop");
        for (Outcome probe : probes) {
            assertUnavailable(probe);
            assertTrue(probe.millis() < ANSWER_WITHIN.toMillis(), () -> "too slow: " + probe);
        }
        for (Outcome outcome : all) {
            assertTrue(outcome.status() == 200 || outcome.status() == 503, () -> "unexpected " + outcome);
            assertTrue(outcome.millis() < ANSWER_WITHIN.toMillis(), () -> "too slow: " + outcome);
            if (outcome.status() == 503) {
                assertUnavailable(outcome);
            }
        }
        assertTrue(byStatus.getOrDefault(503, 0L) > 0, "the load never saw the outage: " + byStatus);
        assertEquals(0, frames, () -> "stack traces in the outage's log:\n" + String.join("\n", outageLog));
        assertTrue(outageLog.size() <= MAX_OUTAGE_LOG_LINES, () -> outageLog.size() + " log lines for one outage:\n" + String.join("\n", outageLog));

        // Nothing lost: one complete set of sizes, every ETag matching its bytes, and uploads work again.
        // An upload stopped in its commit left the old photo or the new one, never a mix of both.
        for (String each : committers) {
            Map<String, String> etags = assertCompleteSet(each, token);
            Map<String, String> old = oldEtags.get(each);
            assertTrue(etags.equals(old) || etags.values().stream().noneMatch(old::containsValue),
                    () -> each + ": a mix of the old photo " + old + " and the new one " + etags);
        }
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
    private Map<String, String> assertCompleteSet(String photo, String token) {
        Map<String, String> etags = GraphAssertions.photoEtags(api, photo, token);
        assertEquals(BuiltWar.HD.length, etags.size(), etags::toString);
        GraphAssertions.photoBytes(api, photo, token, etags);
        return etags;
    }

    /**
     * Waits (30 s at most) until the commit window is open: one committer's upload held in its COMMIT by the
     * trigger, and the other uploads queued behind it. Every write takes the cache-invalidation and change-feed
     * counters just before its commit (docs/scaling.md, docs/api.md §13), so uploads commit one at a time: the
     * others wait for those row locks, with all their rows written. (The load's own upload may be one of the
     * waiters; a committer not yet queued then meets the stopped database at its first statement, also a 503.)
     */
    private static void awaitCommitsWaiting(Psql psql) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String counts = "";
        while (System.nanoTime() < deadline) {
            counts = psql.query("SELECT count(*) FILTER (WHERE wait_event = 'PgSleep') || '|' || "
                    + "count(*) FILTER (WHERE wait_event_type = 'Lock') FROM pg_stat_activity").get(0);
            String[] sleepingAndQueued = counts.split("\\|");
            if (Integer.parseInt(sleepingAndQueued[0]) == 1 && Integer.parseInt(sleepingAndQueued[1]) >= COMMITTING - 1) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("in their commit | queued for it: " + counts + ", expected 1 | " + (COMMITTING - 1));
    }

    /** The log from {@code from} on, once it holds {@code line} (the outage's summary; 10 s at most). */
    private List<String> awaitLogLine(int from, String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> lines = logLines();
        while (lines.subList(from, lines.size()).stream().noneMatch(each -> each.contains(line)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            lines = logLines();
        }
        return new ArrayList<>(lines.subList(from, lines.size()));
    }

    private static boolean stackTraceLine(String line) {
        String stripped = line.strip();
        return stripped.startsWith("at ") || stripped.startsWith("Caused by:") || stripped.startsWith("Local Exception Stack")
                || stripped.matches("\\.\\.\\. \\d+ more");
    }

    private static Map<Integer, Long> statuses(List<Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(Outcome::status, TreeMap::new, Collectors.counting()));
    }

    private static void assertUnavailable(Outcome outcome) {
        assertEquals(503, outcome.status(), outcome::toString);
        assertEquals("ServiceUnavailable", outcome.code(), outcome::toString);
        assertTrue(outcome.retryAfter() != null, () -> "503 without Retry-After: " + outcome);
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
