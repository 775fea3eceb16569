package org.portrait.owners.entity;

/** How a path names a user: {@code me}, or an id or userPrincipalName. */
public record UserSelector(String idOrUpn) {

    public static final UserSelector ME = new UserSelector(null);

    public static UserSelector of(String idOrUpn) {
        return new UserSelector(idOrUpn);
    }

    public boolean me() {
        return idOrUpn == null;
    }
}
