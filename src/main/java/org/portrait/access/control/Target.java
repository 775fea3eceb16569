package org.portrait.access.control;

/** Whose data a request touches, relative to the caller. */
public enum Target {
    SELF,
    OTHER_USER,
    GROUP,
    TEAM,
    /** A contact of the signed-in user. */
    OWN_CONTACT,
    /** A contact of another user: only application tokens reach these. */
    OTHER_USERS_CONTACT
}
