package org.portrait.security.control;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.portrait.graph.boundary.InputRules;

/**
 * Turns the claims of a verified token into a {@link Caller}, for Entra ID v1.0 and v2.0 tokens and
 * for providers that write neither {@code tid} nor {@code oid} (Keycloak):
 * <ul>
 * <li>tenant: {@code tid}; when the issuer matched a {@code {tenantid}} pattern, {@code tid} must be
 * that tenant; a token without {@code tid} from a literal issuer gets the configured default tenant.</li>
 * <li>user: {@code oid}. Without {@code tid} (not Entra), {@code sub} when {@code oid} is absent.
 * Entra's {@code sub} is pairwise (different for every application), never the directory object id,
 * so a token with {@code tid} must carry {@code oid} to be a user.</li>
 * <li>delegated: a scope claim ({@code scp}, {@code scope}, as configured) is present and not blank;
 * its words are the scopes. Otherwise the token is an application's, and the role claims
 * ({@code roles}, {@code realm_access.roles}, …) are its permissions. {@code groups} are never roles.</li>
 * <li>names: {@code upn}, else {@code preferred_username}; {@code name}. Odd values are dropped.</li>
 * </ul>
 */
public final class ClaimMapping {

    private static final int MAX_NAME_LENGTH = 255;

    private final List<String> scopeClaims;
    private final List<String> roleClaims;
    private final String defaultTenant;

    public ClaimMapping(List<String> scopeClaims, List<String> roleClaims, String defaultTenant) {
        this.scopeClaims = List.copyOf(scopeClaims);
        this.roleClaims = List.copyOf(roleClaims);
        this.defaultTenant = defaultTenant;
    }

    /**
     * @param claims       the token's claims (JSON values as Java strings, numbers, lists and maps)
     * @param issuerTenant the tenant the issuer pattern captured, or the empty string for a literal issuer
     * @throws UnauthenticatedException when the token does not say who is calling
     */
    public Caller caller(Map<String, Object> claims, String issuerTenant) {
        Object tid = claims.get("tid");
        String tenantId;
        if (tid != null) {
            tenantId = identifier(tid);
            if (tenantId == null) {
                throw new UnauthenticatedException("Access token has no usable tenant (tid) claim.");
            }
            if (!issuerTenant.isEmpty() && !tenantId.equalsIgnoreCase(issuerTenant)) {
                throw new UnauthenticatedException("Access token tenant (tid) does not match its issuer.");
            }
        } else if (!issuerTenant.isEmpty()) {
            throw new UnauthenticatedException("Access token has no tenant (tid) claim, which its issuer requires.");
        } else if (defaultTenant != null) {
            tenantId = defaultTenant;
        } else {
            throw new UnauthenticatedException("Access token has no usable tenant (tid) claim.");
        }

        boolean delegated = false;
        Set<String> scopes = new HashSet<>();
        for (String name : scopeClaims) {
            Object scope = claim(claims, name);
            if (scope != null && !blank(scope)) {
                delegated = true;
                addWords(scope, scopes);
            }
        }
        Set<String> roles = new HashSet<>();
        for (String name : roleClaims) {
            addWords(claim(claims, name), roles);
        }

        Object oid = claims.get("oid");
        String objectId = oid != null || tid != null ? identifier(oid) : identifier(claims.get("sub"));
        if (delegated && objectId == null) {
            throw new UnauthenticatedException(tid != null
                    ? "Delegated access token has no usable object id (oid) claim."
                    : "Delegated access token has no usable user id (oid or sub) claim.");
        }
        String upn = name(claims.get("upn"));
        if (upn == null) {
            upn = name(claims.get("preferred_username"));
        }
        return new Caller(tenantId, objectId, upn, name(claims.get("name")), delegated, scopes, roles);
    }

    /**
     * A claim by name, or by a dotted path into nested objects ({@code realm_access.roles},
     * {@code resource_access.portrait-api.roles}). A name that is itself a claim wins over a path, and a
     * path segment may contain dots (Keycloak client ids such as {@code api.portrait} do): the longest
     * name that exists is taken first.
     */
    static Object claim(Map<?, ?> claims, String path) {
        Object value = claims.get(path);
        if (value != null) {
            return value;
        }
        for (int dot = path.lastIndexOf('.'); dot > 0; dot = path.lastIndexOf('.', dot - 1)) {
            if (claims.get(path.substring(0, dot)) instanceof Map<?, ?> nested) {
                Object found = claim(nested, path.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    /** Keycloak writes {@code "scope": ""} into a client-credentials token whose client has no token scopes. */
    private static boolean blank(Object claim) {
        return claim instanceof String text && text.isBlank() || claim instanceof Collection<?> list && list.isEmpty();
    }

    /** {@code scp} and {@code scope} are space-separated strings (an array at some providers), roles arrays. */
    private static void addWords(Object claim, Set<String> words) {
        if (claim instanceof String text) {
            for (String word : text.trim().split("\\s+")) {
                if (!word.isEmpty()) {
                    words.add(word);
                }
            }
        } else if (claim instanceof Collection<?> list) {
            for (Object item : list) {
                if (item instanceof String word && !word.isEmpty()) {
                    words.add(word);
                }
            }
        }
    }

    /** tid, oid and sub are GUIDs in practice; anything that is not a short, plain string is unusable. */
    static String identifier(Object claim) {
        return claim instanceof String value && InputRules.isIdentifier(value) ? value : null;
    }

    /** Names are only copied into a provisioned user: an odd one is dropped rather than refused. */
    static String name(Object claim) {
        boolean usable = claim instanceof String value && !value.isBlank() && value.length() <= MAX_NAME_LENGTH
                && !InputRules.hasControlCharacters(value);
        return usable ? (String) claim : null;
    }
}
