package org.portrait.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetUnavailableException;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One fetch per interval, failed ones included, and a refusal the outage-tolerant cache can answer. */
class OneFetchPerIntervalTest {

    final AtomicInteger fetches = new AtomicInteger();
    final JWKSetSource<SecurityContext> counting = new JWKSetSource<>() {
        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long time, SecurityContext context) throws JWKSetUnavailableException {
            if (fetches.incrementAndGet() == 2) {
                throw new JWKSetUnavailableException("down");
            }
            return new JWKSet();
        }

        @Override
        public void close() {
        }
    };
    final OneFetchPerInterval cut = new OneFetchPerInterval(counting, 30_000);

    @Test
    void atMostOneFetchPerInterval() throws Exception {
        JWKSetCacheRefreshEvaluator any = JWKSetCacheRefreshEvaluator.forceRefresh();
        cut.getJWKSet(any, 1_000_000, null);
        for (long t = 1_000_001; t < 1_030_000; t += 997) {
            long at = t;
            assertThrows(JWKSetUnavailableException.class, () -> cut.getJWKSet(any, at, null));
        }
        assertEquals(1, fetches.get());
        assertThrows(JWKSetUnavailableException.class, () -> cut.getJWKSet(any, 1_030_000, null)); // fetched, failed
        assertEquals(2, fetches.get());
        assertThrows(JWKSetUnavailableException.class, () -> cut.getJWKSet(any, 1_059_999, null)); // a failure counts too
        assertEquals(2, fetches.get());
        cut.getJWKSet(any, 1_060_000, null);
        assertEquals(3, fetches.get());
    }
}
