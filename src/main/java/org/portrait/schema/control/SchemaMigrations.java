package org.portrait.schema.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Applies the SQL files {@code db/migration/V{n}__{description}.sql} in order at start-up, each once,
 * recording them in {@code schema_version}. The same SQL runs on H2 and PostgreSQL. Deployment
 * waits for this, so no request sees an old schema.
 */
@Startup
@Singleton
@TransactionManagement(TransactionManagementType.BEAN)
public class SchemaMigrations {

    /** Every migration, oldest first. Listed, not scanned: class-path scanning differs between servers. */
    static final List<String> MIGRATIONS = List.of("V1__owners_and_photos.sql");

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @PostConstruct
    void migrate() {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            ensureVersionTable(connection);
            int current = currentVersion(connection);
            for (int i = current; i < MIGRATIONS.size(); i++) {
                apply(connection, i + 1, MIGRATIONS.get(i));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Database schema migration failed: " + e.getMessage(), e);
        }
    }

    private static void ensureVersionTable(Connection connection) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        boolean exists;
        try (ResultSet tables = meta.getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            exists = false;
            while (tables.next()) {
                exists |= "schema_version".equalsIgnoreCase(tables.getString("TABLE_NAME"));
            }
        }
        if (!exists) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, "
                        + "script VARCHAR(255) NOT NULL, applied_at TIMESTAMP NOT NULL)");
            }
            connection.commit();
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static void apply(Connection connection, int version, String script) throws SQLException {
        LOG.info(() -> "Applying database migration " + script);
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements(script)) {
                statement.execute(sql);
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
                record.setInt(1, version);
                record.setString(2, script);
                record.setTimestamp(3, Timestamp.from(Instant.now()));
                record.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        }
    }

    /** The script's statements: split on semicolons at line ends, {@code --} comment lines dropped. */
    static List<String> statements(String script) {
        String sql;
        try (InputStream in = SchemaMigrations.class.getResourceAsStream("/db/migration/" + script)) {
            if (in == null) {
                throw new IllegalStateException("Migration " + script + " is missing from the application");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        StringBuilder withoutComments = new StringBuilder();
        sql.lines().filter(line -> !line.strip().startsWith("--")).forEach(line -> withoutComments.append(line).append('\n'));
        return java.util.Arrays.stream(withoutComments.toString().split(";\\s*\\n"))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
