package org.portrait.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Whether the database answers a trivial query through the application's own persistence unit. */
@ApplicationScoped
public class DatabaseCheck {

    /** A load balancer polls readiness with its own timeout: answer DOWN well before it gives up. */
    static final int QUERY_TIMEOUT_MILLIS = 3000;

    @PersistenceContext
    EntityManager em;

    public boolean answers() {
        try {
            em.createNativeQuery("SELECT 1").setHint("jakarta.persistence.query.timeout", QUERY_TIMEOUT_MILLIS).getSingleResult();
            return true;
        } catch (RuntimeException unreachable) { // PersistenceException, or a provider's own
            return false;
        }
    }
}
