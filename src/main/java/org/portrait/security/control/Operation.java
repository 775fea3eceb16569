package org.portrait.security.control;

/** What a request wants to do, as far as permissions are concerned. */
public enum Operation {
    READ_PHOTO_METADATA,
    READ_PHOTO_VALUE,
    WRITE_PHOTO,
    /** Read a user, group, contact or folder itself (CONTRACT section 8). */
    READ_OBJECT,
    WRITE_OBJECT
}
