package org.portrait.owners.entity;

/** The owner a request path names, before it is looked up: {@code me}, a user, a group or team, a contact. */
public sealed interface OwnerPath {

    /** {@code me} or {@code users/{id or userPrincipalName}}. */
    record UserPath(UserSelector user) implements OwnerPath {
    }

    /** {@code groups/{id}}, or {@code teams/{id}}: a team is its group. */
    record GroupPath(String groupId, boolean team) implements OwnerPath {
    }

    /** A contact of a user, in the default folder or in {@code contactFolders/{folderId}}. */
    record ContactPath(UserSelector user, String folderId, String contactId) implements OwnerPath {
        public boolean inFolder() {
            return folderId != null;
        }
    }

    /** {@code contactFolders/{folderId}} of a user. */
    record FolderPath(UserSelector user, String folderId) implements OwnerPath {
    }

    /** The user the path goes through, or null for groups. */
    default UserSelector user() {
        if (this instanceof UserPath p) {
            return p.user();
        }
        if (this instanceof ContactPath p) {
            return p.user();
        }
        return this instanceof FolderPath p ? p.user() : null;
    }
}
