package org.portrait.security.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.portrait.security.control.Caller;
import org.portrait.security.control.UnauthenticatedException;

/**
 * Turns the verified token of the current request into a {@link Caller}. MP-JWT has already checked
 * signature, lifetime, issuer and audience; a request without a token arrives here unauthenticated.
 */
@RequestScoped
public class Callers {

    @Inject
    HttpServletRequest request;

    private Caller current;

    public Caller current() {
        if (current == null) {
            current = fromToken(request.getUserPrincipal());
        }
        return current;
    }

    static Caller fromToken(Object principal) {
        if (!(principal instanceof JsonWebToken token)) {
            throw new UnauthenticatedException("Access token is empty.");
        }
        String tenantId = text(token.getClaim("tid"));
        if (tenantId == null || tenantId.isBlank()) {
            throw new UnauthenticatedException("Access token has no tenant (tid) claim.");
        }
        Object scp = token.getClaim("scp");
        boolean delegated = scp != null;
        String objectId = text(token.getClaim("oid"));
        if (delegated && (objectId == null || objectId.isBlank())) {
            throw new UnauthenticatedException("Delegated access token has no object id (oid) claim.");
        }
        String upn = firstText(token.getClaim("upn"), token.getClaim("preferred_username"));
        return new Caller(tenantId, objectId, upn, text(token.getClaim("name")), delegated,
                words(scp), words(token.getClaim("roles")));
    }

    private static String firstText(Object... claims) {
        for (Object claim : claims) {
            String value = text(claim);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
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
