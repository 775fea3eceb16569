package org.portrait.owners.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.util.List;
import org.portrait.errors.entity.InvalidRequestException;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.owners.entity.OwnerPath.ContactPath;
import org.portrait.owners.entity.OwnerPath.FolderPath;
import org.portrait.owners.entity.OwnerPath.GroupPath;
import org.portrait.owners.entity.UserSelector;
import org.portrait.security.control.Caller;
import org.portrait.security.control.Operation;
import org.portrait.security.control.PermissionPolicy;
import org.portrait.security.control.Target;

/**
 * Resolves owner paths for a caller (permission first, then tenant-scoped lookup, so another tenant's
 * objects are simply not found) and manages users, groups, folders and contacts.
 */
@ApplicationScoped
public class Owners {

    static final String ME_NEEDS_DELEGATION = "/me request is only valid with delegated authentication flow.";

    @Inject
    OwnerStore store;

    @Inject
    PermissionPolicy policy;

    public ResolvedOwner resolve(Caller caller, OwnerPath path, Operation operation) {
        Target target = target(caller, path);
        if (!policy.permits(caller, operation, target) && target != Target.SELF && target != Target.OWN_CONTACT) {
            // Unknown objects and other tenants' objects are not found rather than forbidden (CONTRACT section 7).
            find(caller, path, target);
        }
        policy.check(caller, operation, target);
        return find(caller, path, target);
    }

    public List<Owner> list(Caller caller, OwnerKind kind) {
        policy.check(caller, Operation.READ_OBJECT, kind == OwnerKind.GROUP ? Target.GROUP : Target.OTHER_USER);
        return store.ofKind(caller.tenantId(), kind);
    }

    public Owner create(Caller caller, OwnerKind kind, OwnerDraft draft) {
        policy.check(caller, Operation.WRITE_OBJECT, kind == OwnerKind.GROUP ? Target.GROUP : Target.OTHER_USER);
        if (kind == OwnerKind.USER && blank(draft.userPrincipalName())) {
            throw new InvalidRequestException("Request_BadRequest", "Property 'userPrincipalName' is required.");
        }
        if (blank(draft.displayName()) && kind == OwnerKind.GROUP) {
            throw new InvalidRequestException("Request_BadRequest", "Property 'displayName' is required.");
        }
        // Only users keep a client-given id: directory sync keeps the identity provider's object ids.
        String id = kind == OwnerKind.USER ? blankToNull(draft.id()) : null;
        return store.create(apply(new Owner(caller.tenantId(), kind, id), draft));
    }

    /** Contacts of the default folder ({@code folderId} null) or of a folder. */
    public List<Owner> contacts(Caller caller, UserSelector user, String folderId) {
        ResolvedOwner container = resolve(caller, new FolderPath(user, folderId), Operation.READ_OBJECT);
        return store.contacts(container.user(), container.folder());
    }

    public List<Owner> folders(Caller caller, UserSelector user) {
        ResolvedOwner container = resolve(caller, new FolderPath(user, null), Operation.READ_OBJECT);
        return store.folders(container.user());
    }

    public Owner createContact(Caller caller, UserSelector user, String folderId, OwnerDraft draft) {
        ResolvedOwner container = resolve(caller, new FolderPath(user, folderId), Operation.WRITE_OBJECT);
        Owner contact = new Owner(caller.tenantId(), OwnerKind.CONTACT, null)
                .ownedBy(container.user())
                .inFolder(container.folder());
        return store.create(apply(contact, draft));
    }

    public Owner createFolder(Caller caller, UserSelector user, OwnerDraft draft) {
        ResolvedOwner container = resolve(caller, new FolderPath(user, null), Operation.WRITE_OBJECT);
        if (blank(draft.displayName())) {
            throw new InvalidRequestException("Request_BadRequest", "Property 'displayName' is required.");
        }
        Owner folder = new Owner(caller.tenantId(), OwnerKind.CONTACT_FOLDER, null).ownedBy(container.user());
        return store.create(apply(folder, draft));
    }

    public void update(Caller caller, OwnerPath path, OwnerDraft changes) {
        Owner owner = resolve(caller, path, Operation.WRITE_OBJECT).owner();
        if (changes.userPrincipalName() != null) {
            requireUserAdministrator(caller, owner);
        }
        store.update(owner, changes);
    }

    public void delete(Caller caller, OwnerPath path) {
        Owner owner = resolve(caller, path, Operation.WRITE_OBJECT).owner();
        requireUserAdministrator(caller, owner);
        store.delete(owner);
    }

    /** Renaming or deleting a user frees or takes a UPN: an administrator's act, even on one's own account. */
    private void requireUserAdministrator(Caller caller, Owner owner) {
        if (owner.kind() == OwnerKind.USER) {
            policy.check(caller, Operation.WRITE_OBJECT, Target.OTHER_USER);
        }
    }

    Target target(Caller caller, OwnerPath path) {
        if (path instanceof GroupPath group) {
            return group.team() ? Target.TEAM : Target.GROUP;
        }
        UserSelector user = path.user();
        if (user.me() && !caller.delegated()) {
            throw new InvalidRequestException(ME_NEEDS_DELEGATION);
        }
        boolean self = user.me() || caller.isSelf(user.idOrUpn());
        if (path instanceof OwnerPath.UserPath) {
            return self ? Target.SELF : Target.OTHER_USER;
        }
        return self ? Target.OWN_CONTACT : Target.OTHER_USERS_CONTACT;
    }

    private ResolvedOwner find(Caller caller, OwnerPath path, Target target) {
        if (path instanceof GroupPath group) {
            Owner owner = store.byObjectId(caller.tenantId(), OwnerKind.GROUP, group.groupId())
                    .orElseThrow(() -> new OwnerNotFoundException(group.groupId()));
            return new ResolvedOwner(owner, null, null);
        }
        UserSelector selector = path.user();
        Owner user = target == Target.SELF || target == Target.OWN_CONTACT
                ? self(caller)
                : store.userByIdOrUpn(caller.tenantId(), selector.idOrUpn())
                        .orElseThrow(() -> new OwnerNotFoundException(selector.idOrUpn()));
        if (path instanceof ContactPath contact) {
            Owner folder = contact.inFolder() ? folder(user, contact.folderId()) : null;
            Owner found = store.ownedBy(user, OwnerKind.CONTACT, contact.contactId())
                    .filter(c -> folder == null || folder.key().equals(c.folderKey()))
                    .orElseThrow(() -> new OwnerNotFoundException(contact.contactId()));
            return new ResolvedOwner(found, user, folder);
        }
        if (path instanceof FolderPath folderPath) {
            Owner folder = folderPath.folderId() == null ? null : folder(user, folderPath.folderId());
            return new ResolvedOwner(folder == null ? user : folder, user, folder);
        }
        return new ResolvedOwner(user, user, null);
    }

    private Owner folder(Owner user, String folderId) {
        return store.ownedBy(user, OwnerKind.CONTACT_FOLDER, folderId)
                .orElseThrow(() -> new OwnerNotFoundException(folderId));
    }

    /** The signed-in user, created from the token's claims on first use. */
    Owner self(Caller caller) {
        return store.byObjectId(caller.tenantId(), OwnerKind.USER, caller.objectId())
                .orElseGet(() -> provision(caller));
    }

    private Owner provision(Caller caller) {
        Owner user = new Owner(caller.tenantId(), OwnerKind.USER, caller.objectId());
        user.setDisplayName(caller.displayName());
        String upn = caller.userPrincipalName();
        // A UPN already held by another object (say, created before its owner first signed in) stays with it.
        if (upn != null && store.userByUpn(caller.tenantId(), upn).isEmpty()) {
            user.setUserPrincipalName(upn);
            user.setMail(upn.contains("@") ? upn : null);
        }
        try {
            return store.create(user);
        } catch (DuplicateOwnerException | PersistenceException | TransactionalException raced) {
            // Two first requests of the same user at once: the other one created it.
            return store.byObjectId(caller.tenantId(), OwnerKind.USER, caller.objectId()).orElseThrow(() -> raced);
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
