package org.portrait.security.control;

import org.portrait.security.entity.TokenPrincipal;

/**
 * A token whose signature and claims were checked: who is calling, the MicroProfile JWT view of it,
 * and the seconds (since the epoch) from which and until which it is accepted.
 */
public record VerifiedToken(Caller caller, TokenPrincipal principal, long notBefore, long expiresAt) {

    /** The same lifetime rule as the first verification, so that a cached answer never differs from a fresh one. */
    boolean validAt(long epochSecond, long clockSkewSeconds) {
        return epochSecond < expiresAt + clockSkewSeconds && notBefore - clockSkewSeconds <= epochSecond;
    }
}
