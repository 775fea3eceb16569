package org.portrait.security.entity;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A verified token as the MicroProfile JWT API presents it, over the claims Portrait verified: the
 * request's {@code getUserPrincipal()}. Claim values follow MP-JWT's types: the standard claims of
 * {@link Claims} as String, Long or Set&lt;String&gt;, every other claim as a JSON-P value. Nothing is
 * converted until asked for (Portrait's own code reads the {@code Caller}, not the claims), and an
 * unknown claim name is simply absent rather than an exception.
 */
public final class TokenPrincipal implements JsonWebToken {

    /** Looked up once: every JSON-P factory call would otherwise scan the class path again. */
    private static final JsonProvider JSON = JsonProvider.provider();

    private static final Map<String, Claims> STANDARD = new HashMap<>();

    static {
        for (Claims claim : Claims.values()) {
            STANDARD.put(claim.name(), claim);
        }
    }

    private final String rawToken;
    private final Map<String, Object> claims;
    private final String name;

    /**
     * @param claims the verified claims: JSON values as Java strings, numbers, booleans, lists and maps,
     *               the registered times as {@link Date}s
     */
    public TokenPrincipal(String rawToken, Map<String, Object> claims) {
        this.rawToken = rawToken;
        this.claims = Collections.unmodifiableMap(claims);
        this.name = firstString("upn", "preferred_username", "sub", "oid");
    }

    /** MP-JWT's principal name: {@code upn}, else {@code preferred_username}, else {@code sub}. */
    @Override
    public String getName() {
        return name;
    }

    @Override
    public Set<String> getClaimNames() {
        Set<String> names = new LinkedHashSet<>(claims.keySet());
        names.add(Claims.raw_token.name());
        return names;
    }

    @Override
    public boolean containsClaim(String claimName) {
        return claims.containsKey(claimName) || Claims.raw_token.name().equals(claimName);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getClaim(String claimName) {
        if (Claims.raw_token.name().equals(claimName)) {
            return (T) rawToken;
        }
        Object value = claims.get(claimName);
        if (value == null) {
            return null;
        }
        Claims standard = STANDARD.get(claimName);
        Class<?> type = standard == null ? JsonValue.class : standard.getType();
        if (type == String.class && value instanceof String) {
            return (T) value;
        }
        if (type == Long.class) {
            if (value instanceof Date date) {
                return (T) Long.valueOf(date.getTime() / 1000);
            }
            if (value instanceof Number number) {
                return (T) Long.valueOf(number.longValue());
            }
        }
        if (type == Set.class) {
            Set<String> set = new LinkedHashSet<>();
            if (value instanceof Collection<?> items) {
                items.forEach(item -> set.add(String.valueOf(item)));
            } else {
                set.add(String.valueOf(value));
            }
            return (T) set;
        }
        if (type == Boolean.class && value instanceof Boolean) {
            return (T) value;
        }
        return (T) json(value);
    }

    /** MP-JWT's default unboxes a missing iat into a NullPointerException; 0 says "not given". */
    @Override
    public long getIssuedAtTime() {
        Long issuedAt = getClaim(Claims.iat.name());
        return issuedAt == null ? 0 : issuedAt;
    }

    @Override
    public long getExpirationTime() {
        Long expires = getClaim(Claims.exp.name());
        return expires == null ? 0 : expires;
    }

    /** MP-JWT's {@code groups}. Entra's are group object ids: Portrait never treats them as permissions. */
    @Override
    public Set<String> getGroups() {
        Set<String> groups = getClaim(Claims.groups.name());
        return groups == null ? Set.of() : groups;
    }

    @Override
    public String toString() {
        return "TokenPrincipal[" + name + "]";
    }

    private String firstString(String... names) {
        for (String claimName : names) {
            if (claims.get(claimName) instanceof String value && !value.isEmpty()) {
                return value;
            }
        }
        return "";
    }

    private static JsonValue json(Object value) {
        if (value instanceof String text) {
            return JSON.createValue(text);
        }
        if (value instanceof Boolean bool) {
            return bool ? JsonValue.TRUE : JsonValue.FALSE;
        }
        if (value instanceof Date date) {
            return JSON.createValue(date.getTime() / 1000);
        }
        if (value instanceof Long || value instanceof Integer) {
            return JSON.createValue(((Number) value).longValue());
        }
        if (value instanceof Number number) {
            return JSON.createValue(number.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            JsonObjectBuilder object = JSON.createObjectBuilder();
            map.forEach((key, item) -> object.add(String.valueOf(key), item == null ? JsonValue.NULL : json(item)));
            return object.build();
        }
        if (value instanceof Collection<?> list) {
            JsonArrayBuilder array = JSON.createArrayBuilder();
            list.forEach(item -> array.add(item == null ? JsonValue.NULL : json(item)));
            return array.build();
        }
        return JSON.createValue(String.valueOf(value));
    }
}
