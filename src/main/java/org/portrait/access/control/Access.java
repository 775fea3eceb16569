package org.portrait.access.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.portrait.errors.entity.InvalidRequestException;
import org.portrait.owners.control.OwnerNotFoundException;
import org.portrait.owners.control.OwnerLookup;
import org.portrait.owners.control.ResolvedOwner;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.owners.entity.OwnerPath.ContactPath;
import org.portrait.owners.entity.OwnerPath.FolderPath;
import org.portrait.owners.entity.OwnerPath.GroupPath;
import org.portrait.owners.entity.UserSelector;
import org.portrait.security.control.Caller;

/**
 * The one place that decides whether a caller may do something (docs/api.md §7): which target a path
 * is for this caller, the caller's tenant (another tenant's objects are simply not found), unknown
 * objects answered 404 before a missing permission is answered 403, and the permission table.
 * Resources ask it one question and get the owner back, or the exception that answers the request.
 */
@ApplicationScoped
public class Access {

    static final String ME_NEEDS_DELEGATION = "/me request is only valid with delegated authentication flow.";

    @Inject
    OwnerLookup owners;

    @Inject
    PermissionPolicy policy;

    /** The owner {@code path} names, found in the caller's tenant, when the caller may do {@code operation} on it. */
    public ResolvedOwner owner(Caller caller, OwnerPath path, Operation operation) {
        Target target = target(caller, path);
        if (!policy.permits(caller, operation, target) && target != Target.SELF && target != Target.OWN_CONTACT) {
            // Unknown objects and other tenants' objects are not found rather than forbidden.
            find(caller, path, target);
        }
        policy.check(caller, operation, target);
        return find(caller, path, target);
    }

    /** Whether the caller may list or create users ({@link OwnerKind#USER}) or groups of its tenant. */
    public void collection(Caller caller, OwnerKind kind, Operation operation) {
        policy.check(caller, operation, kind == OwnerKind.GROUP ? Target.GROUP : Target.OTHER_USER);
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
            Owner owner = owners.group(caller.tenantId(), group.groupId())
                    .orElseThrow(() -> new OwnerNotFoundException(group.groupId()));
            return new ResolvedOwner(owner, null, null);
        }
        UserSelector selector = path.user();
        Owner user = target == Target.SELF || target == Target.OWN_CONTACT
                ? owners.signedIn(caller.tenantId(), caller.objectId(), caller.userPrincipalName(), caller.displayName())
                : owners.user(caller.tenantId(), selector.idOrUpn())
                        .orElseThrow(() -> new OwnerNotFoundException(selector.idOrUpn()));
        if (path instanceof ContactPath contact) {
            Owner folder = contact.inFolder() ? folder(user, contact.folderId()) : null;
            Owner found = owners.ownedBy(user, OwnerKind.CONTACT, contact.contactId())
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
        return owners.ownedBy(user, OwnerKind.CONTACT_FOLDER, folderId)
                .orElseThrow(() -> new OwnerNotFoundException(folderId));
    }
}
