package org.portrait.schema.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings the database schema to the version this release needs, at start-up and before any request
 * (deployment waits for it): Flyway applies {@code db/migration/V{n}__{description}.sql}, the same
 * scripts on H2 and PostgreSQL, each once, and refuses to start when an applied script was edited.
 * On PostgreSQL Flyway holds an advisory lock while it migrates, so instances booting together
 * migrate once.
 * <p>
 * A CDI bean started by the application-scope event rather than an EJB: WildFly's
 * standalone-microprofile.xml has no EJB container, and a failure here fails the deployment on every
 * server. No transaction surrounds the migration; Flyway commits each script itself.
 */
@ApplicationScoped
public class SchemaMigrations {

    /** Where the core release (0.1) recorded its single migration, before Portrait used Flyway. */
    static final String CORE_RELEASE_VERSION_TABLE = "schema_version";

    static final String HISTORY_TABLE = "flyway_schema_history";

    private static final Logger LOG = Logger.getLogger(SchemaMigrations.class.getName());

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    private volatile String schemaVersion;

    void migrate(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Flyway flyway = Flyway.configure(SchemaMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table(HISTORY_TABLE)
                .baselineVersion("1")
                .baselineDescription("core release schema (V1__owners_and_photos.sql)")
                .load();
        try {
            if (createdByCoreRelease()) {
                LOG.info("Database created by Portrait 0.1: recording its schema as version 1 before upgrading");
                flyway.baseline();
            }
            MigrateResult result = flyway.migrate();
            schemaVersion = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
            LOG.info(() -> "Database schema at version " + schemaVersion + " (" + result.migrationsExecuted + " migrations applied now)");
        } catch (FlywayException | SQLException e) {
            throw new IllegalStateException("Database schema migration failed: " + e.getMessage(), e);
        }
    }

    /** The version the schema was migrated to at start-up; null until then. */
    public String schemaVersion() {
        return schemaVersion;
    }

    /**
     * The core release kept its own version table and applied V1 without Flyway. Such a database
     * has that table, at version 1, and no Flyway history yet.
     */
    private boolean createdByCoreRelease() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (hasTable(connection, HISTORY_TABLE) || !hasTable(connection, CORE_RELEASE_VERSION_TABLE)) {
                return false;
            }
            try (Statement statement = connection.createStatement();
                 ResultSet version = statement.executeQuery("SELECT MAX(version) FROM " + CORE_RELEASE_VERSION_TABLE)) {
                version.next();
                int applied = version.getInt(1);
                if (applied != 1) {
                    throw new IllegalStateException("Table " + CORE_RELEASE_VERSION_TABLE + " says version " + applied
                            + "; only Portrait 0.1 (version 1) kept that table. Is this Portrait's database?");
                }
                return true;
            }
        }
    }

    private static boolean hasTable(Connection connection, String name) throws SQLException {
        try (ResultSet tables = connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                if (name.equalsIgnoreCase(tables.getString("TABLE_NAME"))) {
                    return true;
                }
            }
            return false;
        }
    }
}
