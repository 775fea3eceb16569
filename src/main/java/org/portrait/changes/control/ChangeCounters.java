package org.portrait.changes.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.util.List;

/** A tenant's change counter row: created once, and read by the feed. */
@ApplicationScoped
public class ChangeCounters {

    @PersistenceContext
    EntityManager em;

    /**
     * Creates the tenant's counter in a transaction of its own, committed at once, so that the
     * writer that needs it can lock it; a concurrent first writer may win, and its row serves both.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public void create(String tenantId) {
        em.createNativeQuery("INSERT INTO change_counter (tenant_id, last_seq, pruned_through) VALUES (?1, 0, 0)")
                .setParameter(1, tenantId)
                .executeUpdate();
    }

    /** The tenant's last committed change number and the number up to which changes were pruned. */
    public Counter read(String tenantId) {
        List<?> rows = em.createNativeQuery("SELECT last_seq, pruned_through FROM change_counter WHERE tenant_id = ?1")
                .setParameter(1, tenantId)
                .getResultList();
        if (rows.isEmpty()) {
            return new Counter(0, 0);
        }
        Object[] row = (Object[]) rows.get(0);
        return new Counter(((Number) row[0]).longValue(), ((Number) row[1]).longValue());
    }

    /** @param lastSeq every change up to it is committed; @param prunedThrough changes up to it are gone */
    public record Counter(long lastSeq, long prunedThrough) {
    }
}
