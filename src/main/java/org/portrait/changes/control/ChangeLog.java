package org.portrait.changes.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;

/**
 * Writes the change feed inside the transaction that changes a photo or an owner, so that a change
 * is in the feed exactly when it is committed (docs/links-and-changes.md). The tenant's counter row
 * is incremented as the last statement before commit: its lock orders the tenant's writers, so
 * change numbers commit in increasing order, and holding it only until commit keeps the wait short.
 */
@ApplicationScoped
public class ChangeLog {

    @PersistenceContext
    EntityManager em;

    @Inject
    ChangeCounters counters;

    /** Records that these owners (users and groups; other kinds are not in the feed) changed or were deleted. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void record(String tenantId, Collection<Owner> owners) {
        Set<Owner> fed = new LinkedHashSet<>();
        for (Owner owner : owners) {
            if (owner.kind() == OwnerKind.USER || owner.kind() == OwnerKind.GROUP) {
                fed.add(owner);
            }
        }
        if (fed.isEmpty()) {
            return;
        }
        // Everything else of the transaction first: the counter lock is then held only until commit.
        em.flush();
        long seq = next(tenantId);
        Timestamp now = Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC));
        Set<String> written = new LinkedHashSet<>();
        for (Owner owner : fed) {
            if (written.add(owner.kind() + "/" + owner.objectId())) {
                em.createNativeQuery("INSERT INTO owner_change (tenant_id, seq, kind, object_id, changed_at) VALUES (?1, ?2, ?3, ?4, ?5)")
                        .setParameter(1, tenantId)
                        .setParameter(2, seq)
                        .setParameter(3, owner.kind().name())
                        .setParameter(4, owner.objectId())
                        .setParameter(5, now)
                        .executeUpdate();
            }
        }
    }

    private long next(String tenantId) {
        if (increment(tenantId) == 0) {
            RuntimeException lostRace = null;
            try {
                counters.create(tenantId);
            } catch (RuntimeException e) {
                // Another transaction created the row first; the increment below finds it.
                lostRace = e;
            }
            if (increment(tenantId) == 0) {
                throw new IllegalStateException("No change counter for tenant " + tenantId, lostRace);
            }
        }
        return ((Number) em.createNativeQuery("SELECT last_seq FROM change_counter WHERE tenant_id = ?1")
                .setParameter(1, tenantId)
                .getSingleResult()).longValue();
    }

    private int increment(String tenantId) {
        return em.createNativeQuery("UPDATE change_counter SET last_seq = last_seq + 1 WHERE tenant_id = ?1")
                .setParameter(1, tenantId)
                .executeUpdate();
    }
}
