package org.portrait.security.control;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import java.net.URL;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * A JWKS URL's keys, through Nimbus' key-source chain: fetched on first use (not at deployment, so
 * Portrait starts while the identity provider is unreachable), cached for {@code portrait.jwks.cache-ttl},
 * fetched again at once for an unknown {@code kid} but at most once per {@code portrait.jwks.refresh-interval},
 * and, while fetching fails, the keys fetched last stay in use for {@code portrait.jwks.outage-tolerance}.
 * Keys are picked by {@code kid}, type and {@code use}/{@code alg}; a key that says it is for
 * encryption never verifies a token.
 */
final class RemoteKeys implements TokenKeys {

    /** Entra's key set is about 10 KB; a key set of 512 KiB is not one. */
    static final int SIZE_LIMIT = 512 * 1024;

    private static final JWKSelector ALL = new JWKSelector(new JWKMatcher.Builder().build());

    private final String url;
    private final FetchLog log;
    private final JWKSource<SecurityContext> source;
    private final JWSVerificationKeySelector<SecurityContext> selector;

    RemoteKeys(URL url, TokenSettings settings, Set<JWSAlgorithm> algorithms) {
        this.url = url.toString();
        int timeout = (int) settings.jwksTimeout().toMillis();
        ResourceRetriever retriever = new DefaultResourceRetriever(timeout, timeout, SIZE_LIMIT);
        this.log = new FetchLog(new URLBasedJWKSetSource<>(url, retriever), this.url);
        OneFetchPerInterval limited = new OneFetchPerInterval(log, settings.jwksRefreshInterval().toMillis());
        this.source = JWKSourceBuilder.create(limited)
                .rateLimited(false) // OneFetchPerInterval does it
                .refreshAheadCache(false) // no unmanaged threads inside a Jakarta EE server
                .cache(settings.jwksCacheTimeToLive().toMillis(), 2L * timeout + 1000)
                .outageTolerant(settings.jwksOutageTolerance().toMillis())
                .build();
        this.selector = new JWSVerificationKeySelector<>(algorithms, source);
    }

    @Override
    public String source() {
        return url;
    }

    @Override
    public JWSKeySelector<SecurityContext> selector() {
        return selector;
    }

    /** Loads the keys if none were fetched yet (rate-limited like any fetch): readiness polls bring them in. */
    KeyStatus status() {
        Instant fetched = log.lastSuccess();
        String error = log.lastError();
        try {
            List<JWK> keys = source.get(ALL, null);
            fetched = log.lastSuccess();
            error = log.lastError();
            String detail = keys.size() + (keys.size() == 1 ? " key" : " keys") + ", fetched " + fetched
                    + (error == null ? "" : "; the last fetch failed (" + error + "), these keys stay in use");
            return new KeyStatus(url, !keys.isEmpty(), detail);
        } catch (KeySourceException unavailable) {
            error = log.lastError() != null ? log.lastError() : FetchLog.rootCause(unavailable);
            return new KeyStatus(url, false, "no keys: " + error);
        }
    }
}
