package org.portrait.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** Whether the database answers a trivial query through the application's own persistence unit. */
@ApplicationScoped
public class DatabaseCheck {

    @PersistenceContext
    EntityManager em;

    public boolean answers() {
        try {
            em.createNativeQuery("SELECT 1").getSingleResult();
            return true;
        } catch (RuntimeException unreachable) { // PersistenceException, or a provider's own
            return false;
        }
    }
}
