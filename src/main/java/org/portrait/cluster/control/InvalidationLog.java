package org.portrait.cluster.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.Query;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Set;
import org.portrait.owners.control.OwnerDeleted;
import org.portrait.owners.control.OwnersChanged;
import org.portrait.photos.control.PhotoChanged;

/**
 * Records every write that instances' caches must forget, in the writing transaction itself: the
 * record commits with the write or not at all. The counter row is bumped first and its row lock
 * held to the commit, so writers take sequence numbers one after the other and a number becomes
 * visible only after every smaller one has (InvalidationPoller relies on that; docs/scaling.md).
 */
@ApplicationScoped
public class InvalidationLog {

    /** A photo's owner key: its photo sizes and bytes. */
    static final String PHOTO = "photo";
    /** A tenant id: all of the tenant's owner look-ups. */
    static final String OWNERS = "owners";

    @PersistenceContext
    EntityManager em;

    void photoChanged(@Observes PhotoChanged changed) {
        append(PHOTO, null, Set.of(changed.ownerKey()));
    }

    void ownersDeleted(@Observes OwnerDeleted deleted) {
        append(PHOTO, null, new LinkedHashSet<>(deleted.ownerKeys()));
    }

    void ownersChanged(@Observes OwnersChanged changed) {
        append(OWNERS, changed.tenantId(), Set.of(changed.tenantId()));
    }

    private void append(String kind, String tenantId, Set<String> keys) {
        em.createNativeQuery("UPDATE cache_invalidation_counter SET last_number = last_number + 1 WHERE id = 1")
                .executeUpdate();
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        for (String key : keys) {
            // No null parameter: its SQL type is the provider's guess, and PostgreSQL refuses some guesses.
            Query insert = em.createNativeQuery("INSERT INTO cache_invalidation (sequence_number, kind, cache_key, created_at"
                            + (tenantId == null ? "" : ", tenant_id") + ") SELECT last_number, ?1, ?2, ?3"
                            + (tenantId == null ? "" : ", ?4") + " FROM cache_invalidation_counter WHERE id = 1")
                    .setParameter(1, kind)
                    .setParameter(2, key)
                    .setParameter(3, now);
            if (tenantId != null) {
                insert.setParameter(4, tenantId);
            }
            insert.executeUpdate();
        }
    }
}
