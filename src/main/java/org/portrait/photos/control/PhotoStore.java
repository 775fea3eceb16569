package org.portrait.photos.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.portrait.changes.control.ChangeLog;
import org.portrait.images.control.EncodedImage;
import org.portrait.images.control.ProcessedImage;
import org.portrait.owners.control.OwnerDeleted;
import org.portrait.owners.control.OwnerNotFoundException;
import org.portrait.owners.entity.Owner;
import org.portrait.photos.entity.EntityTags;
import org.portrait.photos.entity.PhotoContent;
import org.portrait.photos.entity.PhotoVariant;

/** Photo persistence: every size of an owner's photo is replaced or removed in one transaction. */
@ApplicationScoped
public class PhotoStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    PhotoCache cache;

    @Inject
    Event<PhotoChanged> changes;

    @Inject
    ChangeLog changeLog;

    public List<PhotoVariant> variants(String ownerKey) {
        return cache.variants(ownerKey, () -> em.createNamedQuery(PhotoVariant.OF_OWNER, PhotoVariant.class)
                .setParameter("owner", ownerKey)
                .getResultList());
    }

    /** The variants of many owners in one query, uncached: the change feed reads a page of owners at a time. */
    public List<PhotoVariant> variantsOf(Collection<String> ownerKeys) {
        if (ownerKeys.isEmpty()) {
            return List.of();
        }
        return em.createNamedQuery(PhotoVariant.OF_OWNERS, PhotoVariant.class)
                .setParameter("owners", ownerKeys)
                .getResultList();
    }

    /** Tag and bytes of the owner's current variant with the dimensions and kind of {@code chosen}. */
    public Optional<PhotoBinary> content(PhotoVariant chosen) {
        return cache.content(chosen, () -> em.createNamedQuery(PhotoContent.OF_VARIANT_LIKE, Object[].class)
                .setParameter("owner", chosen.ownerKey())
                .setParameter("width", chosen.width())
                .setParameter("height", chosen.height())
                .setParameter("original", chosen.original())
                .getResultStream()
                .findFirst()
                .map(row -> new PhotoBinary((String) row[0], (byte[]) row[1])));
    }

    /**
     * Swaps the owner's whole photo for the new one. The owner row is locked first, so concurrent
     * uploads to one owner run one after the other and the last one leaves one complete set.
     */
    @Transactional
    public void replace(Owner owner, ProcessedImage image) {
        Owner locked = em.find(Owner.class, owner.key(), LockModeType.PESSIMISTIC_WRITE);
        if (locked == null) {
            throw new OwnerNotFoundException(owner.objectId());
        }
        deleteOf(List.of(owner.key()));
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        List<PhotoContent> contents = new ArrayList<>();
        contents.add(persistVariant(owner.key(), image.original(), true, now));
        for (EncodedImage square : image.squares()) {
            contents.add(persistVariant(owner.key(), square, false, now));
        }
        // Variants first: without JPA relationships the provider may order inserts either way, and the
        // content rows reference their variant.
        em.flush();
        contents.forEach(em::persist);
        em.flush();
        // Last: the cluster's invalidation log (docs/scaling.md), then the change feed (docs/api.md §13), each
        // locking its counter from here to the commit, so the locks are held for the commit only, not for the
        // inserts of the bytes. Every write takes the two in this order, so two writes never wait on each other
        // in a cycle.
        changes.fire(new PhotoChanged(owner.key()));
        changeLog.record(locked.tenantId(), List.of(locked));
    }

    @Transactional
    public void delete(Owner owner) {
        Owner locked = em.find(Owner.class, owner.key(), LockModeType.PESSIMISTIC_WRITE);
        if (locked == null) {
            throw new OwnerNotFoundException(owner.objectId());
        }
        deleteOf(List.of(owner.key()));
        changes.fire(new PhotoChanged(owner.key()));
        changeLog.record(locked.tenantId(), List.of(locked));
    }

    /** Runs inside the transaction that deletes the owners. */
    void ownersDeleted(@Observes OwnerDeleted deleted) {
        deleteOf(deleted.ownerKeys());
    }

    private void deleteOf(Collection<String> ownerKeys) {
        List<String> variantKeys = em.createNamedQuery(PhotoVariant.KEYS_OF_OWNERS, String.class)
                .setParameter("owners", ownerKeys)
                .getResultList();
        if (!variantKeys.isEmpty()) {
            em.createNamedQuery(PhotoContent.DELETE_OF_VARIANTS).setParameter("variants", variantKeys).executeUpdate();
            em.createNamedQuery(PhotoVariant.DELETE_OF_OWNERS).setParameter("owners", ownerKeys).executeUpdate();
        }
    }

    /** Persists the variant row and returns its content row, still to be persisted. */
    private PhotoContent persistVariant(String ownerKey, EncodedImage image, boolean original, LocalDateTime now) {
        byte[] jpeg = image.jpeg();
        PhotoVariant variant = new PhotoVariant(ownerKey, image.width(), image.height(), original,
                EntityTags.of(jpeg), jpeg.length, now);
        em.persist(variant);
        return new PhotoContent(variant.key(), jpeg);
    }
}
