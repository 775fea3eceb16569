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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Portrait started the way operators start it ({@code bin/portrait run}) on a given data directory, with the
 * test-only token key, its log in a file the test can read. The launcher execs Java, so the process's pid is
 * the Payara JVM's: {@link #kill()} is a {@code kill -9} of exactly that process.
 */
final class LauncherServer implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);

    private final Process process;
    private final Path log;
    private final Api api;

    private LauncherServer(Process process, Path log, Api api) {
        this.process = process;
        this.log = log;
        this.api = api;
    }

    /** Starts and waits until /health/ready answers UP; {@code env} adds or overrides variables. */
    static LauncherServer start(int port, int clusterPort, Path data, Path log, Map<String, String> env)
            throws IOException, InterruptedException {
        Path basedir = Path.of(System.getProperty("basedir", ".")).toAbsolutePath();
        Path launcher = basedir.resolve("bin/portrait");
        assertTrue(Files.isExecutable(launcher), "launcher missing: " + launcher);
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "run")
                .directory(basedir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> environment = builder.environment();
        environment.put("PORT", String.valueOf(port));
        environment.put("PORTRAIT_DATA", data.toString());
        environment.put("PORTRAIT_WAR", requiredFile("portrait.war"));
        environment.put("PORTRAIT_MICRO_JAR", requiredFile("payara.microJar"));
        environment.put("PORTRAIT_CLUSTER_PORT", String.valueOf(clusterPort));
        environment.put("JAVA_OPTS", "-Xmx512m");
        environment.put("MP_JWT_VERIFY_PUBLICKEY_LOCATION",
                basedir.resolve("src/test/resources/test-keys/test-only-public.pem").toUri().toString());
        environment.put("MP_JWT_VERIFY_ISSUER", TestTokens.ISSUER);
        environment.put("MP_JWT_VERIFY_AUDIENCES", TestTokens.AUDIENCE);
        environment.remove("MP_JWT_VERIFY_PUBLICKEY");
        environment.putAll(env);

        Api api = new Api("http://127.0.0.1:" + port);
        Instant started = Instant.now();
        Process process = builder.start();
        LauncherServer server = new LauncherServer(process, log, api);
        while (Duration.between(started, Instant.now()).compareTo(READY_TIMEOUT) < 0) {
            if (!process.isAlive()) {
                fail("the launcher exited with " + process.exitValue() + " before it was ready:\n" + server.tail());
            }
            if (server.ready()) {
                System.out.printf("LauncherServer: %s ready in %d s (pid %d)%n", log.getFileName(),
                        Duration.between(started, Instant.now()).toSeconds(), process.pid());
                return server;
            }
            process.waitFor(500, TimeUnit.MILLISECONDS);
        }
        process.destroyForcibly();
        fail("/health/ready did not answer 200 within " + READY_TIMEOUT.toSeconds() + " s:\n" + server.tail());
        return server;
    }

    Api api() {
        return api;
    }

    Path log() {
        return log;
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL to the Payara JVM (by its pid only), then waits until it is gone. */
    void kill() throws InterruptedException {
        ProcessHandle.of(process.pid()).ifPresent(ProcessHandle::destroyForcibly);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "pid " + process.pid() + " survived SIGKILL");
    }

    /** SIGTERM (a clean Payara shutdown), SIGKILL if it takes over a minute. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    private boolean ready() {
        try {
            Api.Response health = api.get("/health/ready").send();
            return health.status() == 200 && health.text().contains("UP");
        } catch (UncheckedIOException e) {
            return false; // not listening yet
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String requiredFile(String property) {
        String value = System.getProperty(property);
        if (value == null || !Files.isRegularFile(Path.of(value))) {
            fail("system property " + property + " must name a file (set by failsafe), got " + value);
        }
        return value;
    }
}
