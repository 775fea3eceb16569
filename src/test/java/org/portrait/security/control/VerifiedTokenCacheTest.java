package org.portrait.security.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    private static final long NOW = 1_800_000_000L;

    @Test
    void bigTokensAreBoundedByTheHeapTheyHoldNotOnlyByTheirNumber() {
        String big = token('a', 12_000); // an Entra ID token with 200 group ids is about this long
        long budget = 10 * VerifiedTokenCache.weight(big);
        VerifiedTokenCache cache = new VerifiedTokenCache(10_000, budget);
        for (int i = 0; i < 100; i++) {
            cache.put(token((char) ('A' + i % 26), 12_000) + i, valid(), NOW, 60);
            assertTrue(cache.bytes() <= budget, "held " + cache.bytes() + " of " + budget);
        }
        assertTrue(cache.size() >= 8 && cache.size() <= 10, "entries: " + cache.size());
    }

    @Test
    void expiredEntriesGoFirst() {
        VerifiedTokenCache cache = new VerifiedTokenCache(10, 1L << 30);
        for (int i = 0; i < 9; i++) {
            cache.put("expired" + i, new VerifiedToken(null, null, NOW - 7200, NOW - 3600), NOW, 60);
        }
        cache.put("fresh", valid(), NOW, 60);
        cache.put("next", valid(), NOW, 60);
        assertNotNull(cache.get("fresh"));
        assertNotNull(cache.get("next"));
        assertEquals(2, cache.size());
    }

    @Test
    void theHeapAccountFollowsEveryRemoval() {
        VerifiedTokenCache cache = new VerifiedTokenCache(5, 1L << 30);
        for (int i = 0; i < 50; i++) {
            cache.put("token" + i, valid(), NOW, 60);
            cache.put("token" + i, valid(), NOW, 60); // the same token verified twice is one entry
        }
        long held = 0;
        for (int i = 0; i < 50; i++) {
            if (cache.get("token" + i) != null) {
                held += VerifiedTokenCache.weight("token" + i);
            }
        }
        assertEquals(held, cache.bytes());
        for (int i = 0; i < 50; i++) {
            cache.remove("token" + i);
        }
        assertEquals(0, cache.size());
        assertEquals(0, cache.bytes());
    }

    @Test
    void aTokenLargerThanTheWholeBudgetIsNotCachedAndNothingElseIsDropped() {
        VerifiedTokenCache cache = new VerifiedTokenCache(100, 4_000);
        cache.put("small", valid(), NOW, 60);
        cache.put(token('x', 5_000), valid(), NOW, 60);
        assertNull(cache.get(token('x', 5_000)));
        assertNotNull(cache.get("small"));
    }

    private static VerifiedToken valid() {
        return new VerifiedToken(null, null, NOW - 300, NOW + 3600);
    }

    private static String token(char c, int length) {
        return String.valueOf(c).repeat(length);
    }
}
