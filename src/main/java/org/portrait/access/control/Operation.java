package org.portrait.access.control;

/** What a request wants to do, as far as permissions are concerned (docs/api.md §7 and §8). */
public enum Operation {
    READ_PHOTO_METADATA,
    READ_PHOTO_VALUE,
    WRITE_PHOTO,
    /** Read a user, group, contact or folder itself. */
    READ_OBJECT,
    WRITE_OBJECT,
    /**
     * Delete an object, or change a user's userPrincipalName: that frees or takes a sign-in name, an
     * administrator's act even on one's own account.
     */
    ADMINISTER_OBJECT
}
