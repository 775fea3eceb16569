package org.portrait.security.control;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * Remembers how the fetches of one key set went, for readiness, and logs one line per failed fetch
 * (fetches are rate-limited, so an outage logs one line per interval, never a stack trace).
 */
final class FetchLog implements JWKSetSource<SecurityContext> {

    private static final Logger LOG = Logger.getLogger(FetchLog.class.getName());

    private final JWKSetSource<SecurityContext> source;
    private final String url;
    private volatile Instant lastSuccess;
    private volatile String lastError;

    FetchLog(JWKSetSource<SecurityContext> source, String url) {
        this.source = source;
        this.url = url;
    }

    @Override
    public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refreshEvaluator, long currentTime, SecurityContext context)
            throws KeySourceException {
        try {
            JWKSet keys = source.getJWKSet(refreshEvaluator, currentTime, context);
            if (lastSuccess == null || lastError != null) {
                LOG.info(() -> "Token keys: " + keys.size() + " from " + url);
            }
            lastSuccess = Instant.ofEpochMilli(currentTime);
            lastError = null;
            return keys;
        } catch (KeySourceException failed) {
            lastError = rootCause(failed);
            Instant fetched = lastSuccess;
            LOG.warning(() -> "Token keys from " + url + " could not be fetched (" + lastError + ")"
                    + (fetched == null ? "; tokens of this issuer are refused until they can" : "; the keys fetched at " + fetched + " stay in use"));
            throw failed;
        }
    }

    Instant lastSuccess() {
        return lastSuccess;
    }

    String lastError() {
        return lastError;
    }

    static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
