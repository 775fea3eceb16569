package org.portrait.changes.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;
import org.portrait.photos.control.ProfilePhotos;
import org.portrait.photos.entity.PhotoVariant;

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

    @Inject
    ProfilePhotos photos;

    /** The first page of a first round. */
    public DeltaPage start(String tenantId, OwnerKind kind, int top) {
        pruner.pruneIfDue();
        // The number first, then the owners: what commits in between is listed now and again next round.
        return page(tenantId, FeedPosition.start(kind, counters.read(tenantId).lastSeq()), top);
    }

    /** The first page of a round after {@code $deltatoken}. */
    public DeltaPage since(String tenantId, OwnerKind kind, long deltaToken, int top) {
        pruner.pruneIfDue();
        long last = counters.read(tenantId).lastSeq();
        if (deltaToken > last) {
            throw new SyncStateNotFoundException("The delta token is not known to this tenant's feed; start a new round without a token.");
        }
        return page(tenantId, FeedPosition.changesSince(kind, deltaToken, last), top);
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
        Map<String, PhotoVariant> largest = photos.largestOf(
                shown.stream().filter(e -> e.owner() != null).map(e -> e.owner().key()).toList());
        FeedPosition next = more ? at.after(ids.get(top - 1)) : null;
        return new DeltaPage(List.copyOf(shown), largest, next, at);
    }

    /** One reported owner: {@code owner} is null when it was deleted. */
    public record Entry(String objectId, Owner owner) {
    }

    /**
     * @param photos the largest photo of each listed owner that has one, by owner key
     * @param next   the position of the next page, or null on the round's last page
     * @param at     this page's position (its {@code deltaToken()} is the next round's token)
     */
    public record DeltaPage(List<Entry> entries, Map<String, PhotoVariant> photos, FeedPosition next, FeedPosition at) {
    }
}
