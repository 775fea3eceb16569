package org.portrait.changes.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps the change history for the configured retention (docs/configuration.md) and drops what is
 * older, at most once an hour per instance, when a feed is read. Per tenant it drops every change up
 * to the newest expired one and records that number in the same transaction, so a delta token
 * older than it is answered 410 rather than silently missing changes.
 */
@ApplicationScoped
public class ChangePruner {

    private static final Logger LOG = Logger.getLogger(ChangePruner.class.getName());

    private static final Duration LONGEST_INTERVAL = Duration.ofHours(1);

    @PersistenceContext
    EntityManager em;

    @Inject
    @ConfigProperty(name = "portrait.changes.retention", defaultValue = "P30D")
    String retentionSetting;

    @Inject
    ChangePruner self;

    private final AtomicLong nextPrune = new AtomicLong();

    public Duration retention() {
        try {
            Duration retention = Duration.parse(retentionSetting.trim());
            if (retention.isNegative() || retention.isZero()) {
                throw new IllegalStateException("portrait.changes.retention must be positive, got " + retentionSetting);
            }
            return retention;
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("portrait.changes.retention must be an ISO-8601 duration such as P30D, got '" + retentionSetting + "'");
        }
    }

    /** Prunes when the last pruning on this instance is longer ago than the interval. */
    public void pruneIfDue() {
        long now = System.nanoTime();
        long due = nextPrune.get();
        Duration retention = retention();
        Duration interval = retention.compareTo(LONGEST_INTERVAL) < 0 ? retention : LONGEST_INTERVAL;
        if ((due != 0 && now - due < 0) || !nextPrune.compareAndSet(due, now + interval.toNanos())) {
            return;
        }
        LocalDateTime cutoff = LocalDateTime.now(ZoneOffset.UTC).minus(retention);
        List<?> expired = em.createNativeQuery("SELECT tenant_id, MAX(seq) FROM owner_change WHERE changed_at < ?1 GROUP BY tenant_id")
                .setParameter(1, Timestamp.valueOf(cutoff))
                .getResultList();
        for (Object row : expired) {
            Object[] columns = (Object[]) row;
            self.pruneTenant((String) columns[0], ((Number) columns[1]).longValue());
        }
        if (!expired.isEmpty()) {
            LOG.fine(() -> "Pruned the change history of " + expired.size() + " tenants up to " + cutoff);
        }
    }

    @Transactional
    public void pruneTenant(String tenantId, long through) {
        em.createNativeQuery("UPDATE change_counter SET pruned_through = ?2 WHERE tenant_id = ?1 AND pruned_through < ?2")
                .setParameter(1, tenantId)
                .setParameter(2, through)
                .executeUpdate();
        em.createNativeQuery("DELETE FROM owner_change WHERE tenant_id = ?1 AND seq <= ?2")
                .setParameter(1, tenantId)
                .setParameter(2, through)
                .executeUpdate();
    }
}
