package org.portrait.security.control;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One accepted issuer ({@code iss}): a literal, matched exactly, or a pattern with one {@code {tenantid}}
 * placeholder, as Microsoft's multi-tenant metadata writes it
 * ({@code https://login.microsoftonline.com/{tenantid}/v2.0}), which accepts every tenant's issuer and
 * captures the tenant so that the token's {@code tid} can be held to it.
 */
public record IssuerPattern(String text, String prefix, String suffix) {

    static final String PLACEHOLDER = "{tenantid}";

    /** Entra tenant ids are GUIDs; anything else in the tenant's place (a slash, a dot segment) is no match. */
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /**
     * @throws IllegalStateException for braces other than one {@code {tenantid}} (a mistyped placeholder
     *                               would otherwise be matched literally and accept nothing)
     */
    public static IssuerPattern of(String text) {
        int at = text.toLowerCase(Locale.ROOT).indexOf(PLACEHOLDER);
        String rest = at < 0 ? text : text.substring(0, at) + text.substring(at + PLACEHOLDER.length());
        if (rest.indexOf('{') >= 0 || rest.indexOf('}') >= 0) {
            throw TokenSettings.misconfigured("the issuer '" + text + "' may contain {tenantid} once and no other braces");
        }
        return at < 0
                ? new IssuerPattern(text, null, null)
                : new IssuerPattern(text, text.substring(0, at), text.substring(at + PLACEHOLDER.length()));
    }

    public boolean tenantPattern() {
        return prefix != null;
    }

    /**
     * Matches a token's {@code iss}: {@code null} when it does not match, the tenant id in the tenant's
     * place for a pattern, and the empty string for a literal issuer.
     */
    public String match(String issuer) {
        if (issuer == null) {
            return null;
        }
        if (prefix == null) {
            return text.equals(issuer) ? "" : null;
        }
        if (issuer.length() <= prefix.length() + suffix.length() || !issuer.startsWith(prefix) || !issuer.endsWith(suffix)) {
            return null;
        }
        String tenant = issuer.substring(prefix.length(), issuer.length() - suffix.length());
        return TENANT.matcher(tenant).matches() ? tenant : null;
    }

    @Override
    public String toString() {
        return text;
    }
}
