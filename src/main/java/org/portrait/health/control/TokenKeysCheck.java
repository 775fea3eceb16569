package org.portrait.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.portrait.security.control.KeyStatus;
import org.portrait.security.control.TokenVerifier;

/**
 * Whether every source of token keys fetched over the network (a JWKS URL, an OpenID Connect discovery
 * document) has keys: one that was never reachable leaves its issuer's tokens refused, so the instance
 * is not ready. Keys fetched once stay usable while their URL is down (the check stays UP and says so).
 * Asking loads keys not fetched yet, at most once per refresh interval, so an instance started while
 * its identity provider was down becomes ready without a request. Keys given as a file or inline are
 * read at start-up (a bad one stops the deployment): with only those there is no check.
 */
@ApplicationScoped
public class TokenKeysCheck {

    @Inject
    TokenVerifier tokens;

    /** The check, or none when no key is fetched over the network. */
    public Optional<HealthCheck> tokenKeys() {
        List<KeyStatus> sources = tokens.keyStatus();
        if (sources.isEmpty()) {
            return Optional.empty();
        }
        boolean up = true;
        Map<String, String> data = new LinkedHashMap<>();
        for (KeyStatus source : sources) {
            up &= source.up();
            data.put(source.source(), (source.up() ? "" : "DOWN: ") + source.detail());
        }
        return Optional.of(new HealthCheck("tokenKeys", up, data));
    }
}
