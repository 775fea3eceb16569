package org.portrait.owners.control;

import org.portrait.owners.entity.Owner;

/**
 * An owner found for a request. {@code user} is the user a contact or folder belongs to (for users,
 * the owner itself; for groups, null); {@code folder} the contact's folder when the path named one.
 */
public record ResolvedOwner(Owner owner, Owner user, Owner folder) {
}
