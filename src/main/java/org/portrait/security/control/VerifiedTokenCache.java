package org.portrait.security.control;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens already verified, so that a client sending the same token on every request (every photo of a
 * page) pays the signature check once. Keyed by the SHA-256 of the whole token, so neither the token
 * nor a part of it that another token could share is the key; an entry is used only within the token's
 * lifetime. Bounded: when full, expired entries go first, then arbitrary ones. A hit is a lock-free
 * map read.
 */
final class VerifiedTokenCache {

    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException missing) {
            throw new ExceptionInInitializerError(missing);
        }
    }

    private final int maxEntries;
    private final ConcurrentHashMap<Digest, VerifiedToken> entries;

    VerifiedTokenCache(int maxEntries) {
        this.maxEntries = maxEntries;
        this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1024));
    }

    /** The SHA-256 of a token, as four longs: cheap to compare and hash. */
    record Digest(long a, long b, long c, long d) {

        /** @param token token68 characters only (the caller checked), so US-ASCII encodes it exactly */
        static Digest of(String token) {
            MessageDigest sha;
            try {
                sha = (MessageDigest) SHA_256.clone(); // cheaper than a provider look-up per request
            } catch (CloneNotSupportedException notCloneable) {
                throw new IllegalStateException(notCloneable);
            }
            ByteBuffer hash = ByteBuffer.wrap(sha.digest(token.getBytes(StandardCharsets.US_ASCII)));
            return new Digest(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
        }
    }

    VerifiedToken get(Digest digest) {
        return entries.get(digest);
    }

    void remove(Digest digest) {
        entries.remove(digest);
    }

    void put(Digest digest, VerifiedToken token, long now, long clockSkewSeconds) {
        if (maxEntries == 0) {
            return;
        }
        if (entries.size() >= maxEntries) {
            makeRoom(now, clockSkewSeconds);
        }
        entries.put(digest, token);
    }

    int size() {
        return entries.size();
    }

    /** Expired entries first; if the cache is still full, a tenth of it (whichever the iteration meets first). */
    private void makeRoom(long now, long clockSkewSeconds) {
        entries.values().removeIf(entry -> entry.expiresAt() + clockSkewSeconds <= now);
        int excess = entries.size() - (maxEntries - Math.max(1, maxEntries / 10));
        for (Iterator<Digest> it = entries.keySet().iterator(); excess > 0 && it.hasNext(); excess--) {
            it.next();
            it.remove();
        }
    }
}
