package org.portrait.security.control;

import java.util.Set;

/**
 * Who is calling, as the token says. Delegated tokens carry {@code scp}; application tokens only
 * {@code roles}. {@code objectId} is the signed-in user for delegated tokens.
 */
public record Caller(String tenantId, String objectId, String userPrincipalName, String displayName,
                     boolean delegated, Set<String> scopes, Set<String> roles) {

    /** Personal Microsoft accounts all sign in through this tenant. */
    public static final String PERSONAL_ACCOUNTS_TENANT = "9188040d-6c67-4c5b-b112-36a304b66dad";

    public Caller {
        scopes = Set.copyOf(scopes);
        roles = Set.copyOf(roles);
    }

    public boolean personalAccount() {
        return delegated && PERSONAL_ACCOUNTS_TENANT.equalsIgnoreCase(tenantId);
    }

    /** Whether a user id or userPrincipalName from a path names the signed-in user. */
    public boolean isSelf(String idOrUpn) {
        return delegated && idOrUpn != null
                && (idOrUpn.equalsIgnoreCase(objectId)
                    || (userPrincipalName != null && idOrUpn.equalsIgnoreCase(userPrincipalName)));
    }

    /** The permissions the token grants: scopes when delegated, application roles otherwise. */
    public Set<String> permissions() {
        return delegated ? scopes : roles;
    }
}
