package org.portrait.photos.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
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

    public List<PhotoVariant> variants(String ownerKey) {
        return em.createNamedQuery(PhotoVariant.OF_OWNER, PhotoVariant.class)
                .setParameter("owner", ownerKey)
                .getResultList();
    }

    public Optional<byte[]> content(String variantKey) {
        return Optional.ofNullable(em.find(PhotoContent.class, variantKey)).map(PhotoContent::data);
    }

    /**
     * Swaps the owner's whole photo for the new one. The owner row is locked first, so concurrent
     * uploads to one owner run one after the other and the last one leaves one complete set.
     */
    @Transactional
    public void replace(Owner owner, ProcessedImage image) {
        if (em.find(Owner.class, owner.key(), LockModeType.PESSIMISTIC_WRITE) == null) {
            throw new OwnerNotFoundException(owner.objectId());
        }
        deleteOf(List.of(owner.key()));
        LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
        store(owner.key(), image.original(), true, now);
        for (EncodedImage square : image.squares()) {
            store(owner.key(), square, false, now);
        }
    }

    /** Removes the photo; false when there was none. */
    @Transactional
    public boolean delete(Owner owner) {
        if (em.find(Owner.class, owner.key(), LockModeType.PESSIMISTIC_WRITE) == null) {
            throw new OwnerNotFoundException(owner.objectId());
        }
        return deleteOf(List.of(owner.key())) > 0;
    }

    /** Runs inside the transaction that deletes the owners. */
    void ownersDeleted(@Observes OwnerDeleted deleted) {
        deleteOf(deleted.ownerKeys());
    }

    private int deleteOf(Collection<String> ownerKeys) {
        List<String> variantKeys = em.createNamedQuery(PhotoVariant.KEYS_OF_OWNERS, String.class)
                .setParameter("owners", ownerKeys)
                .getResultList();
        if (variantKeys.isEmpty()) {
            return 0;
        }
        em.createNamedQuery(PhotoContent.DELETE_OF_VARIANTS).setParameter("variants", variantKeys).executeUpdate();
        return em.createNamedQuery(PhotoVariant.DELETE_OF_OWNERS).setParameter("owners", ownerKeys).executeUpdate();
    }

    private void store(String ownerKey, EncodedImage image, boolean original, LocalDateTime now) {
        byte[] jpeg = image.jpeg();
        PhotoVariant variant = new PhotoVariant(ownerKey, image.width(), image.height(), original,
                EntityTags.of(jpeg), jpeg.length, now);
        em.persist(variant);
        em.persist(new PhotoContent(variant.key(), jpeg));
    }
}
