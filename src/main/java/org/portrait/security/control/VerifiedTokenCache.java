package org.portrait.security.control;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tokens already verified, so that a client sending the same token on every request (every photo of a
 * page) pays the signature check once. Keyed by the whole token: the same string the verified token's
 * principal holds, so the key costs no memory of its own, and a look-up is one hash of the token and
 * one comparison; not a digest of it, since a SHA-256 of a token costs more than the rest of a cached
 * photo read (docs/performance.md). Only verified tokens are put in. An entry is
 * used only within the token's lifetime. Bounded in entries and in the heap its entries hold (an Entra
 * ID token with 200 group ids holds about 20 KB: bench/token-verification.sh): when either bound is
 * reached, expired entries go first, then arbitrary ones. A hit is a lock-free map read.
 */
final class VerifiedTokenCache {

    /** Heap held per cached token, estimated from its length: measured 1.7 to 2.2 bytes per character plus a few hundred bytes. */
    static long weight(String token) {
        return 2L * token.length() + 256;
    }

    private final int maxEntries;
    private final long maxBytes;
    private final ConcurrentHashMap<String, VerifiedToken> entries;
    private final AtomicLong bytes = new AtomicLong();

    VerifiedTokenCache(int maxEntries, long maxBytes) {
        this.maxEntries = maxEntries;
        this.maxBytes = maxBytes;
        this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1024));
    }

    VerifiedToken get(String token) {
        return entries.get(token);
    }

    void remove(String token) {
        if (entries.remove(token) != null) {
            bytes.addAndGet(-weight(token));
        }
    }

    void put(String token, VerifiedToken verified, long now, long clockSkewSeconds) {
        long weight = weight(token);
        if (maxEntries == 0 || weight > maxBytes) {
            return;
        }
        if (entries.size() >= maxEntries || bytes.get() + weight > maxBytes) {
            makeRoom(now, clockSkewSeconds, weight);
        }
        if (entries.putIfAbsent(token, verified) == null) {
            bytes.addAndGet(weight);
        }
    }

    int size() {
        return entries.size();
    }

    /** The heap its entries are estimated to hold. */
    long bytes() {
        return bytes.get();
    }

    /**
     * Expired entries first; if the cache is still above nine tenths of either bound (with room for the
     * new entry), arbitrary ones (whichever the iteration meets first) until it is not.
     */
    private void makeRoom(long now, long clockSkewSeconds, long incoming) {
        for (Map.Entry<String, VerifiedToken> entry : entries.entrySet()) {
            if (entry.getValue().expiresAt() + clockSkewSeconds <= now) {
                evict(entry);
            }
        }
        int entryTarget = maxEntries - Math.max(1, maxEntries / 10);
        long byteTarget = maxBytes - maxBytes / 10 - incoming;
        for (Iterator<Map.Entry<String, VerifiedToken>> it = entries.entrySet().iterator();
                (entries.size() > entryTarget || bytes.get() > byteTarget) && it.hasNext(); ) {
            evict(it.next());
        }
    }

    /** Removes the entry unless another thread already did (its weight is then not taken twice). */
    private void evict(Map.Entry<String, VerifiedToken> entry) {
        if (entries.remove(entry.getKey(), entry.getValue())) {
            bytes.addAndGet(-weight(entry.getKey()));
        }
    }
}
