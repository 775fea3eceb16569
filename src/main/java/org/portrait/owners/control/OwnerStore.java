package org.portrait.owners.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.portrait.changes.control.ChangeLog;
import org.portrait.errors.entity.DatabaseFailures;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;

/** Owner persistence. Every lookup is scoped to one tenant or to one parent owner. */
@ApplicationScoped
public class OwnerStore {

    @PersistenceContext
    EntityManager em;

    @Inject
    Event<OwnerDeleted> deletions;

    @Inject
    Event<OwnersChanged> changes;

    @Inject
    ChangeLog changeLog;

    public Optional<Owner> byObjectId(String tenantId, OwnerKind kind, String objectId) {
        return em.createNamedQuery(Owner.BY_OBJECT_ID, Owner.class)
                .setParameter("tenant", tenantId)
                .setParameter("kind", kind)
                .setParameter("id", Owner.lower(objectId))
                .getResultStream().findFirst();
    }

    /** One query for either form; an object id wins over another user's UPN that happens to equal it. */
    public Optional<Owner> userByIdOrUpn(String tenantId, String idOrUpn) {
        String key = Owner.lower(idOrUpn);
        List<Owner> found = em.createNamedQuery(Owner.USER_BY_ID_OR_UPN, Owner.class)
                .setParameter("tenant", tenantId)
                .setParameter("key", key)
                .getResultList();
        return found.stream().filter(o -> o.objectId().equals(key)).findFirst().or(() -> found.stream().findFirst());
    }

    public Optional<Owner> userByUpn(String tenantId, String upn) {
        return em.createNamedQuery(Owner.USER_BY_UPN, Owner.class)
                .setParameter("tenant", tenantId)
                .setParameter("upn", Owner.lower(upn))
                .getResultStream().findFirst();
    }

    /** A contact or folder with this id that belongs to {@code user}. */
    public Optional<Owner> ownedBy(Owner user, OwnerKind kind, String objectId) {
        return byObjectId(user.tenantId(), kind, objectId).filter(o -> user.key().equals(o.parentKey()));
    }

    public List<Owner> ofKind(String tenantId, OwnerKind kind) {
        return em.createNamedQuery(Owner.OF_KIND, Owner.class)
                .setParameter("tenant", tenantId)
                .setParameter("kind", kind)
                .getResultList();
    }

    public List<Owner> folders(Owner user) {
        return em.createNamedQuery(Owner.CHILDREN, Owner.class)
                .setParameter("parent", user.key())
                .setParameter("kind", OwnerKind.CONTACT_FOLDER)
                .getResultList();
    }

    /** Contacts of the default folder when {@code folder} is null, as Graph's {@code /contacts} lists. */
    public List<Owner> contacts(Owner user, Owner folder) {
        if (folder == null) {
            return em.createNamedQuery(Owner.CONTACTS_IN_DEFAULT_FOLDER, Owner.class)
                    .setParameter("parent", user.key())
                    .getResultList();
        }
        return em.createNamedQuery(Owner.CONTACTS_IN_FOLDER, Owner.class)
                .setParameter("folder", folder.key())
                .getResultList();
    }

    @Transactional
    public Owner create(Owner owner) {
        if (byObjectId(owner.tenantId(), owner.kind(), owner.objectId()).isPresent()) {
            throw new DuplicateOwnerException("id");
        }
        if (owner.userPrincipalName() != null && userByUpn(owner.tenantId(), owner.userPrincipalName()).isPresent()) {
            throw new DuplicateOwnerException("userPrincipalName");
        }
        em.persist(owner);
        flushUnique();
        changes.fire(new OwnersChanged(owner.tenantId()));
        changeLog.record(owner.tenantId(), List.of(owner));
        return owner;
    }

    /** Applies the given properties to a managed copy; null properties stay as they are. */
    @Transactional
    public void update(Owner owner, OwnerDraft changes) {
        Owner managed = em.find(Owner.class, owner.key());
        if (managed == null) {
            throw new OwnerNotFoundException(owner.objectId());
        }
        if (managed.kind() == OwnerKind.USER && changes.userPrincipalName() != null
                && !changes.userPrincipalName().equalsIgnoreCase(managed.userPrincipalName())) {
            if (userByUpn(managed.tenantId(), changes.userPrincipalName()).isPresent()) {
                throw new DuplicateOwnerException("userPrincipalName");
            }
            managed.setUserPrincipalName(changes.userPrincipalName());
        }
        if (changes.displayName() != null) {
            managed.setDisplayName(changes.displayName());
        }
        if (changes.mail() != null) {
            managed.setMail(changes.mail());
        }
        if (changes.givenName() != null) {
            managed.setGivenName(changes.givenName());
        }
        if (changes.surname() != null) {
            managed.setSurname(changes.surname());
        }
        if (changes.description() != null) {
            managed.setDescription(changes.description());
        }
        flushUnique();
        this.changes.fire(new OwnersChanged(managed.tenantId()));
        changeLog.record(managed.tenantId(), List.of(managed));
    }

    /** Writes now, so that a concurrent insert of the same id or UPN is a 400 here rather than a failed commit. */
    private void flushUnique() {
        try {
            em.flush();
        } catch (PersistenceException failed) {
            if (DatabaseFailures.uniqueViolation(failed)) {
                throw new DuplicateOwnerException("id or userPrincipalName");
            }
            throw failed;
        }
    }

    /** Deletes the owner with its contacts and folders (and, through the event, their photos). */
    @Transactional
    public void delete(Owner owner) {
        List<String> keys = new ArrayList<>();
        keys.add(owner.key());
        keys.addAll(em.createNamedQuery(Owner.KEYS_OWNED_BY, String.class).setParameter("parent", owner.key()).getResultList());
        keys.addAll(em.createNamedQuery(Owner.KEYS_IN_FOLDER, String.class).setParameter("folder", owner.key()).getResultList());
        // Lock them all before touching photos: an upload in flight holds its owner's row, so it either
        // commits first (and its photo goes now) or waits and then finds its owner gone.
        List<Owner> deleted = em.createNamedQuery(Owner.BY_KEYS, Owner.class)
                .setParameter("keys", keys)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        deletions.fire(new OwnerDeleted(List.copyOf(keys)));
        changes.fire(new OwnersChanged(owner.tenantId()));
        em.createNamedQuery(Owner.DELETE_IN_FOLDER).setParameter("folder", owner.key()).executeUpdate();
        em.createNamedQuery(Owner.DELETE_OWNED_BY).setParameter("parent", owner.key()).executeUpdate();
        Owner managed = em.find(Owner.class, owner.key());
        if (managed != null) {
            em.remove(managed);
        }
        changeLog.record(owner.tenantId(), deleted);
    }
}
