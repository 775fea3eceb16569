package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Portrait started the way operators start it, with {@code bin/portrait run}, verifying tokens with
 * the test-only key, its log in a file the test can read. The database is whatever the environment
 * says (failsafe's PostgreSQL execution sets {@code PORTRAIT_DB_URL}) unless {@link #embeddedDatabase}
 * or {@link #postgresql} choose. The launcher execs Java, so the process is the Payara JVM itself.
 */
final class LaunchedPortrait implements AutoCloseable {

    /** Overridable when two checkouts run their tests at the same time. */
    static final int PORT = Integer.getInteger("portrait.it.restartPort", 28081);
    static final int CLUSTER_PORT = Integer.getInteger("portrait.it.restartClusterPort", 6971);
    /** Overridable for a slow machine (several servers booting at once). */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(Integer.getInteger("portrait.it.readyTimeoutSeconds", 150));

    final Api api;
    private final int port;
    private final int clusterPort;
    private final Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
    /** Variables to set (or, with a null value, to remove) on top of the test JVM's environment. */
    private final Map<String, String> environment = new HashMap<>();
    private Process process;
    private Path log;

    LaunchedPortrait() {
        this(PORT, CLUSTER_PORT);
    }

    LaunchedPortrait(int port, int clusterPort) {
        this.port = port;
        this.clusterPort = clusterPort;
        this.api = new Api("http://127.0.0.1:" + port);
    }

    /** The environment's database (the embedded H2, or PostgreSQL in failsafe's PostgreSQL execution). */
    static boolean onPostgresql() {
        String url = System.getenv("PORTRAIT_DB_URL");
        return url != null && !url.isEmpty();
    }

    /** Runs on the embedded H2 in the data directory, whatever the environment says. */
    LaunchedPortrait embeddedDatabase() {
        environment.put("PORTRAIT_DB_URL", null);
        return this;
    }

    /** Runs on this PostgreSQL database (user from the environment, as failsafe sets it). */
    LaunchedPortrait postgresql(String jdbcUrl) {
        environment.put("PORTRAIT_DB_URL", jdbcUrl);
        return this;
    }

    /** Adds or overrides environment variables of the next start, such as limits. */
    LaunchedPortrait with(Map<String, String> variables) {
        environment.putAll(variables);
        return this;
    }

    Api api() {
        return api;
    }

    Path basedir() {
        return basedir;
    }

    Path log() {
        return log;
    }

    /** Starts on {@code data} and waits until /health/ready says UP. */
    LaunchedPortrait start(Path data, Path log) throws IOException, InterruptedException {
        return start(data, log, this::ready, "/health/ready did not answer 200");
    }

    /**
     * Starts on {@code data} and waits until the application answers /health/live, ready or not (for
     * a test of what happens while something it needs is down).
     */
    LaunchedPortrait startUntilLive(Path data, Path log) throws IOException, InterruptedException {
        return start(data, log, this::live, "/health/live did not answer 200");
    }

    private LaunchedPortrait start(Path data, Path log, java.util.function.BooleanSupplier up, String failure)
            throws IOException, InterruptedException {
        this.log = log;
        Path launcher = basedir.resolve("bin/portrait");
        assertTrue(Files.isExecutable(launcher), "launcher missing: " + launcher);
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "run")
                .directory(basedir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("PORT", String.valueOf(port));
        env.put("PORTRAIT_DATA", data.toString());
        env.put("PORTRAIT_WAR", requiredFile("portrait.war"));
        env.put("PORTRAIT_MICRO_JAR", requiredFile("payara.microJar"));
        env.put("PORTRAIT_DB_DRIVER", requiredFile("portrait.postgresqlJar"));
        env.put("PORTRAIT_CLUSTER_PORT", String.valueOf(clusterPort));
        // The launcher's HTTPS port (8443) would be shared by every instance a suite starts, and by anyone else's
        // Portrait on this machine; a suite that tests HTTPS sets HTTPS_PORT itself.
        env.put("HTTPS_PORT", "off");
        env.put("JAVA_OPTS", "-Xmx512m");
        env.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                basedir.resolve("src/test/resources/test-keys/test-only-public.pem").toUri().toString());
        env.put("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
        env.put("MP_JWT_VERIFY_AUDIENCES", TestTokens.AUDIENCE);
        env.remove("MP_JWT_VERIFY_PUBLICKEY");
        environment.forEach((name, value) -> {
            if (value == null) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });

        Instant started = Instant.now();
        process = builder.start();
        Instant deadline = started.plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("the launcher exited with " + process.exitValue() + " before it was ready:\n" + tail());
            }
            if (up.getAsBoolean()) {
                System.out.printf("%s: up in %d s (pid %d)%n", log.getFileName(),
                        Duration.between(started, Instant.now()).toSeconds(), process.pid());
                return this;
            }
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        process.destroyForcibly();
        fail(failure + " within " + READY_TIMEOUT.toSeconds() + " s:\n" + tail());
        return this;
    }

    boolean live() {
        try {
            return api.get("/health/live").send().status() == 200;
        } catch (UncheckedIOException e) {
            return false; // not listening yet
        }
    }

    boolean ready() {
        try {
            Api.Response health = api.get("/health/ready").send();
            return health.status() == 200 && health.text().contains("UP");
        } catch (UncheckedIOException e) {
            return false; // not listening yet
        }
    }

    /** SIGTERM (a clean Payara shutdown), then wait; the launcher execs Java, so the pid is Payara's. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            fail("Payara Micro (pid " + process.pid() + ") did not stop within 60 s of SIGTERM");
        }
    }

    /** SIGTERM only; the caller watches what the stopping server does. */
    void terminate() {
        process.destroy();
    }

    /** Whether the process ended within {@code timeout}. */
    boolean exited(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** SIGKILL to the Payara JVM (by its pid only), then waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "pid " + process.pid() + " survived SIGKILL");
    }

    /** After a test, whatever happened: SIGTERM, SIGKILL if that takes over a minute. */
    @Override
    public void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static String requiredFile(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            fail("system property " + property + " must name a file (set by failsafe), got " + value);
        }
        return value;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
