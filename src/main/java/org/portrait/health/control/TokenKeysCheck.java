package org.portrait.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.portrait.security.control.KeyStatus;
import org.portrait.security.control.TokenVerifier;

/**
 * Whether every configured source of token keys has keys: a JWKS or discovery URL that was never
 * reachable leaves its issuer's tokens refused, so the instance is not ready. Keys fetched once stay
 * usable while their URL is down (the check stays UP and says so). Asking loads keys not fetched yet,
 * at most once per refresh interval, so an instance started while its identity provider was down
 * becomes ready without a request.
 */
@ApplicationScoped
public class TokenKeysCheck {

    @Inject
    TokenVerifier tokens;

    public HealthCheck tokenKeys() {
        boolean up = true;
        Map<String, String> data = new LinkedHashMap<>();
        for (KeyStatus source : tokens.keyStatus()) {
            up &= source.up();
            data.put(source.source(), (source.up() ? "" : "DOWN: ") + source.detail());
        }
        return new HealthCheck("tokenKeys", up, data);
    }
}
