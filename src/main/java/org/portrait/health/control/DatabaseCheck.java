package org.portrait.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.Map;
import org.portrait.schema.control.SchemaMigrations;

/**
 * Whether the database answers a trivial query through the application's own persistence unit,
 * and whether its schema is the version this release migrated it to.
 */
@ApplicationScoped
public class DatabaseCheck {

    /** A load balancer polls readiness with its own timeout: answer DOWN well before it gives up. */
    static final int QUERY_TIMEOUT_MILLIS = 3000;

    @PersistenceContext
    EntityManager em;

    @Inject
    SchemaMigrations migrations;

    public HealthCheck database() {
        long start = System.nanoTime();
        try {
            em.createNativeQuery("SELECT 1").setHint("jakarta.persistence.query.timeout", QUERY_TIMEOUT_MILLIS).getSingleResult();
            return new HealthCheck("database", true, Map.of("responseMillis", String.valueOf((System.nanoTime() - start) / 1_000_000)));
        } catch (RuntimeException unreachable) { // PersistenceException, or a provider's own
            return new HealthCheck("database", false, Map.of("error", "the database does not answer"));
        }
    }

    public HealthCheck schema() {
        String version = migrations.schemaVersion();
        return new HealthCheck("schema", version != null, Map.of("version", version == null ? "not migrated" : version));
    }
}
