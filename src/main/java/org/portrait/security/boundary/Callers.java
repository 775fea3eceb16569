package org.portrait.security.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.portrait.graph.boundary.InputRules;
import org.portrait.security.control.Caller;
import org.portrait.security.control.UnauthenticatedException;

/**
 * Turns the verified token of the current request into a {@link Caller}. MP-JWT has already checked
 * signature, lifetime, issuer and audience; {@link AuthenticationFilter} has refused requests without
 * a usable token, and left the caller on the request, from where it is injected.
 */
@ApplicationScoped
public class Callers {

    /** The request attribute {@link AuthenticationFilter} leaves the caller in. */
    public static final String CALLER = Caller.class.getName();

    private static final int MAX_NAME_LENGTH = 255;
    private static final long NBF_CLOCK_SKEW_SECONDS = 60;

    @Inject
    HttpServletRequest request;

    /**
     * The caller of the current request. A request that did not pass {@link AuthenticationFilter} (a
     * path web.xml does not map to it) has none: deny rather than guess.
     */
    @Produces
    @Dependent
    public Caller current() {
        if (request.getAttribute(CALLER) instanceof Caller caller) {
            return caller;
        }
        throw new UnauthenticatedException("Access token is empty.");
    }

    static Caller fromToken(Object principal) {
        if (!(principal instanceof JsonWebToken token)) {
            throw new UnauthenticatedException("Access token is empty.");
        }
        if (!validYet(notBefore(token), Instant.now())) {
            throw new UnauthenticatedException("Access token is not valid yet (nbf).");
        }
        String tenantId = identifier(token.getClaim("tid"));
        if (tenantId == null) {
            throw new UnauthenticatedException("Access token has no usable tenant (tid) claim.");
        }
        Object scp = token.getClaim("scp");
        boolean delegated = scp != null;
        String objectId = identifier(token.getClaim("oid"));
        if (delegated && objectId == null) {
            throw new UnauthenticatedException("Delegated access token has no usable object id (oid) claim.");
        }
        String upn = name(token.getClaim("upn"));
        if (upn == null) {
            upn = name(token.getClaim("preferred_username"));
        }
        return new Caller(tenantId, objectId, upn, name(token.getClaim("name")), delegated,
                words(scp), words(token.getClaim("roles")));
    }

    /**
     * Payara's MP-JWT checks exp but ignores nbf. An absent nbf is fine; one that is not a number, or
     * later than now plus a minute of clock skew, is not.
     */
    static boolean validYet(Object nbf, Instant now) {
        if (nbf == null) {
            return true;
        }
        long notBefore;
        if (nbf instanceof JsonNumber json && json.isIntegral()) {
            notBefore = json.longValue();
        } else if (nbf instanceof Long || nbf instanceof Integer) {
            notBefore = ((Number) nbf).longValue();
        } else {
            return false;
        }
        return notBefore <= now.getEpochSecond() + NBF_CLOCK_SKEW_SECONDS;
    }

    /**
     * Payara casts nbf to a JSON number and throws ClassCastException for any other JSON type: such an
     * nbf comes back as the exception, which {@link #validYet} refuses like any non-number.
     */
    private static Object notBefore(JsonWebToken token) {
        try {
            return token.getClaim("nbf");
        } catch (ClassCastException wrongType) {
            return wrongType;
        }
    }

    /** tid and oid are GUIDs in practice; anything that is not a short, plain string is unusable. */
    private static String identifier(Object claim) {
        String value = text(claim);
        return InputRules.isIdentifier(value) ? value : null;
    }

    /** Names are only copied into a provisioned user: an odd one is dropped rather than refused. */
    private static String name(Object claim) {
        String value = text(claim);
        boolean usable = value != null && !value.isBlank() && value.length() <= MAX_NAME_LENGTH
                && !InputRules.hasControlCharacters(value);
        return usable ? value : null;
    }

    private static String text(Object claim) {
        if (claim instanceof JsonString json) {
            return json.getString();
        }
        return claim instanceof String value ? value : null;
    }

    /** scp is a space-separated string, roles a JSON array; accept either shape for both. */
    private static Set<String> words(Object claim) {
        Set<String> words = new HashSet<>();
        if (claim instanceof JsonArray array) {
            for (JsonValue value : array) {
                if (value instanceof JsonString json) {
                    words.add(json.getString());
                }
            }
        } else if (claim instanceof Collection<?> collection) {
            collection.forEach(item -> words.add(String.valueOf(item)));
        } else {
            String text = text(claim);
            if (text != null) {
                Arrays.stream(text.trim().split("\\s+")).filter(w -> !w.isEmpty()).forEach(words::add);
            }
        }
        return words;
    }
}
