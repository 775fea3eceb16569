package org.portrait.security.control;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;

/**
 * At most one fetch of a key set per interval, whatever asks for it (a token with an unknown
 * {@code kid}, the cache's periodic refresh, readiness): a flood of tokens with made-up key ids costs
 * the identity provider one request per interval. Nimbus' own rate limiter lets two fetches through
 * per interval; this one is exact. A refused fetch is "unavailable", so the outage-tolerant source
 * above it answers with the keys it already has.
 */
final class OneFetchPerInterval implements JWKSetSource<SecurityContext> {

    private final JWKSetSource<SecurityContext> source;
    private final long intervalMillis;
    private boolean fetched;
    private long lastFetch;

    OneFetchPerInterval(JWKSetSource<SecurityContext> source, long intervalMillis) {
        this.source = source;
        this.intervalMillis = intervalMillis;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        synchronized (this) {
            if (fetched && currentTime - lastFetch < intervalMillis) {
                throw new JWKSetUnavailableException("the key set was fetched less than "
                        + intervalMillis / 1000 + " s ago");
            }
            fetched = true;
            lastFetch = currentTime;
        }
        return source.getJWKSet(refreshEvaluator, currentTime, context);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
