package org.portrait.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's own client against the suite's server, for what the tests do outside Portrait:
 * creating and dropping databases, loading a dump, reading Flyway's history.
 */
final class Psql {

    private final URI server;
    private final String user;

    /** @param jdbcUrl the suite's database, {@code jdbc:postgresql://host:port/database} */
    Psql(String jdbcUrl) {
        this(URI.create(jdbcUrl.substring("jdbc:".length()).replaceFirst("\\?.*", "")),
                System.getenv().getOrDefault("PORTRAIT_DB_USER", "postgres"));
    }

    private Psql(URI server, String user) {
        this.server = server;
        this.user = user;
    }

    Psql database(String name) {
        return new Psql(server.resolve("/" + name), user);
    }

    String jdbcUrl() {
        return "jdbc:" + server;
    }

    /** The database as a libpq connection URI, for pg_dump and pg_restore. */
    String uri() {
        return server + "?user=" + user;
    }

    /** Runs psql with these arguments, stopping at the first error; fails the test when psql does. */
    List<String> run(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                "--no-align", "--tuples-only", "-d", server + "?user=" + user));
        command.addAll(List.of(arguments));
        Process psql = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!psql.waitFor(120, TimeUnit.SECONDS)) {
            psql.destroyForcibly();
        }
        assertEquals(0, psql.exitValue(), () -> String.join(" ", command) + "\n" + output);
        return output.lines().filter(line -> !line.isBlank()).toList();
    }

    List<String> query(String sql) throws IOException, InterruptedException {
        return run("-c", sql);
    }
}
