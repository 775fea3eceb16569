package org.portrait.owners.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.util.List;
import org.portrait.errors.entity.InvalidRequestException;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;

/**
 * Manages users, groups, folders and contacts of a tenant. Whether the caller may is decided before
 * (org.portrait.access); the owners given here are already found in the caller's tenant.
 */
@ApplicationScoped
public class Owners {

    @Inject
    OwnerStore store;

    public List<Owner> list(String tenantId, OwnerKind kind) {
        return store.ofKind(tenantId, kind);
    }

    public Owner create(String tenantId, OwnerKind kind, OwnerDraft draft) {
        if (kind == OwnerKind.USER && blank(draft.userPrincipalName())) {
            throw new InvalidRequestException("Request_BadRequest", "Property 'userPrincipalName' is required.");
        }
        if (blank(draft.displayName()) && kind == OwnerKind.GROUP) {
            throw new InvalidRequestException("Request_BadRequest", "Property 'displayName' is required.");
        }
        // Only users keep a client-given id: directory sync keeps the identity provider's object ids.
        String id = kind == OwnerKind.USER ? blankToNull(draft.id()) : null;
        return store.create(apply(new Owner(tenantId, kind, id), draft));
    }

    /** Contacts of the user's default folder, or of the folder {@code container} names. */
    public List<Owner> contacts(ResolvedOwner container) {
        return store.contacts(container.user(), container.folder());
    }

    public List<Owner> folders(ResolvedOwner container) {
        return store.folders(container.user());
    }

    public Owner createContact(ResolvedOwner container, OwnerDraft draft) {
        Owner contact = new Owner(container.user().tenantId(), OwnerKind.CONTACT, null)
                .ownedBy(container.user())
                .inFolder(container.folder());
        return store.create(apply(contact, draft));
    }

    public Owner createFolder(ResolvedOwner container, OwnerDraft draft) {
        if (blank(draft.displayName())) {
            throw new InvalidRequestException("Request_BadRequest", "Property 'displayName' is required.");
        }
        Owner folder = new Owner(container.user().tenantId(), OwnerKind.CONTACT_FOLDER, null).ownedBy(container.user());
        return store.create(apply(folder, draft));
    }

    public void update(Owner owner, OwnerDraft changes) {
        store.update(owner, changes);
    }

    public void delete(Owner owner) {
        store.delete(owner);
    }

    /** The signed-in user, created from the token's claims on first use. */
    public Owner signedIn(String tenantId, String objectId, String userPrincipalName, String displayName) {
        return store.byObjectId(tenantId, OwnerKind.USER, objectId)
                .orElseGet(() -> provision(tenantId, objectId, userPrincipalName, displayName));
    }

    private Owner provision(String tenantId, String objectId, String upn, String displayName) {
        Owner user = new Owner(tenantId, OwnerKind.USER, objectId);
        user.setDisplayName(displayName);
        // A UPN already held by another object (say, created before its owner first signed in) stays with it.
        if (upn != null && store.userByUpn(tenantId, upn).isEmpty()) {
            user.setUserPrincipalName(upn);
            user.setMail(upn.contains("@") ? upn : null);
        }
        try {
            return store.create(user);
        } catch (DuplicateOwnerException | PersistenceException | TransactionalException raced) {
            // Two first requests of the same user at once: the other one created it.
            return store.byObjectId(tenantId, OwnerKind.USER, objectId).orElseThrow(() -> raced);
        }
    }

    private static Owner apply(Owner owner, OwnerDraft draft) {
        owner.setDisplayName(draft.displayName());
        owner.setMail(draft.mail());
        owner.setGivenName(draft.givenName());
        owner.setSurname(draft.surname());
        owner.setDescription(draft.description());
        if (owner.kind() == OwnerKind.USER && draft.userPrincipalName() != null) {
            owner.setUserPrincipalName(draft.userPrincipalName());
        }
        return owner;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String blankToNull(String value) {
        return blank(value) ? null : value.trim();
    }
}
