package org.portrait.owners.control;

/** Properties a client sends to create or update an owner; null means "not given". */
public record OwnerDraft(String id, String displayName, String userPrincipalName, String mail,
                         String givenName, String surname, String description) {

    /** Whether the change gives a user another userPrincipalName. */
    public boolean renames() {
        return userPrincipalName != null;
    }
}
