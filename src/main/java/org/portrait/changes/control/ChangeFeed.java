package org.portrait.changes.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.portrait.changes.control.FeedPosition.DeltaToken;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;

/**
 * Delta rounds over a tenant's users or groups (docs/links-and-changes.md). The first round lists
 * every owner; a later round lists those with a change numbered after its token, up to the
 * tenant's last committed number when the round began. Pages are ordered by object id.
 */
@ApplicationScoped
public class ChangeFeed {

    @PersistenceContext
    EntityManager em;

    @Inject
    ChangeCounters counters;

    @Inject
    ChangePruner pruner;


    /** The first page of a first round. */
    public DeltaPage start(String tenantId, OwnerKind kind, int top) {
        pruner.pruneIfDue();
        // The number first, then the owners: what commits in between is listed now and again next round.
        return page(tenantId, FeedPosition.start(kind, counters.read(tenantId).lastSeq()), top);
    }

    /** The first page of a round after {@code $deltatoken}. */
    public DeltaPage since(String tenantId, OwnerKind kind, DeltaToken token, int top) {
        pruner.pruneIfDue();
        long last = counters.read(tenantId).lastSeq();
        if (token.seq() > last) {
            throw new SyncStateNotFoundException("The delta token is not known to this tenant's feed; start a new round without a token.");
        }
        // After a restore from an older backup the numbers go on from the backup's: a token handed out
        // since then names a number that another change now has (docs/backup-restore.md).
        Long recordedAt = token.recordedAt() == 0 ? null : recordedAt(tenantId, token.seq());
        if (recordedAt != null && recordedAt != token.recordedAt()) {
            throw new SyncStateNotFoundException("The delta token is from another history of this tenant's feed (restored from a backup?);"
                    + " start a new round without a token.");
        }
        return page(tenantId, FeedPosition.changesSince(kind, token.seq(), last), top);
    }

    /** When change {@code seq} was recorded, in epoch milliseconds (UTC); null when there is no such change (none yet, or pruned). */
    Long recordedAt(String tenantId, long seq) {
        List<?> times = em.createNativeQuery("SELECT MIN(changed_at) FROM owner_change WHERE tenant_id = ?1 AND seq = ?2")
                .setParameter(1, tenantId)
                .setParameter(2, seq)
                .getResultList();
        Object time = times.isEmpty() ? null : times.get(0);
        if (time == null) {
            return null;
        }
        // changed_at is a TIMESTAMP written as UTC wall time: read back as such, whatever the JVM's zone
        LocalDateTime utc;
        if (time instanceof Timestamp timestamp) {
            utc = timestamp.toLocalDateTime();
        } else if (time instanceof LocalDateTime local) {
            utc = local;
        } else if (time instanceof OffsetDateTime offset) {
            utc = offset.toLocalDateTime();
        } else {
            throw new IllegalStateException("changed_at read as " + time.getClass().getName());
        }
        return utc.toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** The page at a {@code $skiptoken}. */
    public DeltaPage page(String tenantId, FeedPosition at, int top) {
        List<Entry> entries = new ArrayList<>();
        List<String> ids;
        if (at.initial()) {
            List<Owner> owners = em.createNamedQuery(Owner.PAGE_OF_KIND, Owner.class)
                    .setParameter("tenant", tenantId)
                    .setParameter("kind", at.kind())
                    .setParameter("after", at.after())
                    .setMaxResults(top + 1)
                    .getResultList();
            ids = owners.stream().map(Owner::objectId).toList();
            owners.forEach(o -> entries.add(new Entry(o.objectId(), o)));
        } else {
            @SuppressWarnings("unchecked")
            List<String> changed = em.createNativeQuery("SELECT DISTINCT object_id FROM owner_change WHERE tenant_id = ?1 AND kind = ?2"
                            + " AND seq > ?3 AND seq <= ?4 AND object_id > ?5 ORDER BY object_id")
                    .setParameter(1, tenantId)
                    .setParameter(2, at.kind().name())
                    .setParameter(3, at.from())
                    .setParameter(4, at.to())
                    .setParameter(5, at.after())
                    .setMaxResults(top + 1)
                    .getResultList();
            // Read after the changes: pruning deletes changes and raises this number in one transaction.
            if (counters.read(tenantId).prunedThrough() > at.from()) {
                throw new SyncStateNotFoundException("The delta token is older than the kept change history; start a new round without a token.");
            }
            ids = changed;
            Map<String, Owner> current = changed.isEmpty() ? Map.of() : em.createNamedQuery(Owner.OF_KIND_BY_IDS, Owner.class)
                    .setParameter("tenant", tenantId)
                    .setParameter("kind", at.kind())
                    .setParameter("ids", changed)
                    .getResultStream()
                    .collect(Collectors.toMap(Owner::objectId, Function.identity()));
            changed.forEach(id -> entries.add(new Entry(id, current.get(id))));
        }
        boolean more = entries.size() > top;
        List<Entry> shown = more ? entries.subList(0, top) : entries;
        FeedPosition next = more ? at.after(ids.get(top - 1)) : null;
        String deltaToken = next == null ? at.deltaToken(Objects.requireNonNullElse(recordedAt(tenantId, at.to()), 0L)) : null;
        return new DeltaPage(List.copyOf(shown), next, deltaToken);
    }

    /** One reported owner: {@code owner} is null when it was deleted. */
    public record Entry(String objectId, Owner owner) {
    }

    /**
     * @param next       the position of the next page, or null on the round's last page
     * @param deltaToken the next round's token on the round's last page, else null
     */
    public record DeltaPage(List<Entry> entries, FeedPosition next, String deltaToken) {
    }
}
