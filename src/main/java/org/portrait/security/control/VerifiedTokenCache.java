package org.portrait.security.control;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already verified, so that a client sending the same token on every request (every photo of a
 * page) pays the signature check once. Keyed by the whole token: the same string the verified token's
 * principal holds, so the key costs no memory of its own, and a look-up is one hash of the token and
 * one comparison; not a digest of it, since a SHA-256 of a token costs more than the rest of a cached
 * photo read (docs/performance.md). Only verified tokens are put in. An entry is
 * used only within the token's lifetime. Bounded: when full, expired entries go first, then arbitrary
 * ones. A hit is a lock-free map read.
 */
final class VerifiedTokenCache {

    private final int maxEntries;
    private final ConcurrentHashMap<String, VerifiedToken> entries;

    VerifiedTokenCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1024));
    }

    VerifiedToken get(String token) {
        return entries.get(token);
    }

    void remove(String token) {
        entries.remove(token);
    }

    void put(String token, VerifiedToken verified, long now, long clockSkewSeconds) {
        if (maxEntries == 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            makeRoom(now, clockSkewSeconds);
        }
        entries.put(token, verified);
    }

    int size() {
        return entries.size();
    }

    /** Expired entries first; if the cache is still full, a tenth of it (whichever the iteration meets first). */
    private void makeRoom(long now, long clockSkewSeconds) {
        entries.values().removeIf(entry -> entry.expiresAt() + clockSkewSeconds <= now);
        int excess = entries.size() - (maxEntries - Math.max(1, maxEntries / 10));
        for (Iterator<String> it = entries.keySet().iterator(); excess > 0 && it.hasNext(); excess--) {
            it.next();
            it.remove();
        }
    }
}
