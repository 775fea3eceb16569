package org.portrait.security.boundary;

import org.portrait.security.control.UnauthenticatedException;

/** Reads the token of an {@code Authorization: Bearer <token>} header (RFC 6750 section 2.1). */
final class BearerTokens {

    private static final String SCHEME = "Bearer";

    private BearerTokens() {
    }

    /**
     * The token: the scheme name in any case (RFC 7235 section 2.1), one or more spaces, then token68
     * characters only ({@code A-Z a-z 0-9 - . _ ~ + /}, trailing {@code =}); nothing else may follow.
     *
     * @throws UnauthenticatedException for a missing header, another scheme, or anything that is not one token
     */
    static String token(String authorization) {
        if (authorization == null || authorization.length() <= SCHEME.length()
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())
                || authorization.charAt(SCHEME.length()) != ' ') {
            throw new UnauthenticatedException("Access token is empty.");
        }
        int start = SCHEME.length();
        while (start < authorization.length() && authorization.charAt(start) == ' ') {
            start++;
        }
        int end = authorization.length();
        while (end > start && authorization.charAt(end - 1) == ' ') {
            end--;
        }
        if (start == end) {
            throw new UnauthenticatedException("Access token is empty.");
        }
        int padding = end;
        while (padding > start && authorization.charAt(padding - 1) == '=') {
            padding--;
        }
        for (int i = start; i < padding; i++) {
            if (!token68(authorization.charAt(i))) {
                throw new UnauthenticatedException("Access token is malformed.");
            }
        }
        if (padding == start) {
            throw new UnauthenticatedException("Access token is malformed.");
        }
        return authorization.substring(start, end);
    }

    private static boolean token68(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
