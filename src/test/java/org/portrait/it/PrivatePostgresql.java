package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own (initdb in a temporary directory, its own port), so a test
 * can stop and start a real database without touching the machine's shared one. As root, the server
 * runs as the {@code postgres} user, since PostgreSQL refuses to run as root.
 */
final class PrivatePostgresql implements AutoCloseable {

    private final int port;
    private final Path directory;
    private final Path bin;
    private final boolean asPostgresUser;

    PrivatePostgresql(int port) throws IOException, InterruptedException {
        this.port = port;
        this.bin = serverBinaries();
        this.asPostgresUser = "root".equals(System.getProperty("user.name"));
        this.directory = Files.createTempDirectory("portrait-pg-");
        if (asPostgresUser) {
            exec(List.of("chown", "postgres", directory.toString()));
        }
        exec(command(bin.resolve("initdb").toString(), "-D", directory.resolve("data").toString(),
                "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"));
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    void start() throws IOException, InterruptedException {
        exec(command(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-w", "-t", "60",
                "-l", directory.resolve("server.log").toString(),
                "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"));
    }

    /** {@code fast}: the way an operator stops it, every client connection closed at once. */
    void stop() throws IOException, InterruptedException {
        exec(command(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-w", "-m", "fast", "stop"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (Files.exists(directory.resolve("data/postmaster.pid"))) {
            stop();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.addAll(List.of(arguments));
        return command;
    }

    private static void exec(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), String.join(" ", command) + " hangs");
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + "\n" + output);
    }

    /** initdb and pg_ctl are not on the PATH on Debian: they live in /usr/lib/postgresql/VERSION/bin. */
    private static Path serverBinaries() throws IOException {
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                    .max(Comparator.comparing(Path::toString))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL server binaries in /usr/lib/postgresql"));
        }
    }
}
