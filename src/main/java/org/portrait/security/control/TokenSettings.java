package org.portrait.security.control;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.portrait.graph.boundary.InputRules;

/**
 * How bearer tokens are verified, read once at start-up from MicroProfile Config (system properties,
 * environment variables such as {@code MP_JWT_VERIFY_ISSUER}, or the WAR's defaults) and checked
 * there: a configuration that cannot work stops the deployment with a message naming the variable.
 * docs/identity-providers.md describes every setting.
 *
 * @param publicKeyLocation {@code mp.jwt.verify.publickey.location}: a PEM or JWK(S) file, or a JWKS URL
 * @param publicKey         {@code mp.jwt.verify.publickey}: the key text itself (PEM, JWK or JWKS)
 * @param issuers           {@code mp.jwt.verify.issuer}: the issuers verified with that key
 * @param discoveryIssuers  {@code portrait.oidc.issuer}: OpenID Connect issuers, each with its own keys
 * @param audiences         {@code mp.jwt.verify.audiences}: a token must name one of them in {@code aud}
 * @param defaultTenant     {@code portrait.token.default-tenant}: the tenant of tokens without {@code tid}
 */
public record TokenSettings(String publicKeyLocation, String publicKey, List<IssuerPattern> issuers,
                            List<URI> discoveryIssuers, Set<String> audiences, String defaultTenant,
                            List<String> scopeClaims, List<String> roleClaims, Duration clockSkew,
                            int cacheSize, long cacheBytes, int maxTokenLength, Duration jwksRefreshInterval,
                            Duration jwksCacheTimeToLive, Duration jwksOutageTolerance, Duration jwksTimeout) {

    public static final String PUBLIC_KEY_LOCATION = "mp.jwt.verify.publickey.location";
    public static final String PUBLIC_KEY = "mp.jwt.verify.publickey";
    public static final String ISSUER = "mp.jwt.verify.issuer";
    public static final String AUDIENCES = "mp.jwt.verify.audiences";
    public static final String OIDC_ISSUER = "portrait.oidc.issuer";
    public static final String DEFAULT_TENANT = "portrait.token.default-tenant";
    public static final String SCOPE_CLAIMS = "portrait.token.scope-claims";
    public static final String ROLE_CLAIMS = "portrait.token.role-claims";
    public static final String CLOCK_SKEW = "portrait.token.clock-skew";
    public static final String CACHE_SIZE = "portrait.token.cache-size";
    public static final String CACHE_BYTES = "portrait.token.cache-bytes";
    public static final String MAX_LENGTH = "portrait.token.max-length";
    public static final String JWKS_REFRESH_INTERVAL = "portrait.jwks.refresh-interval";
    public static final String JWKS_CACHE_TTL = "portrait.jwks.cache-ttl";
    public static final String JWKS_OUTAGE_TOLERANCE = "portrait.jwks.outage-tolerance";
    public static final String JWKS_TIMEOUT_MS = "portrait.jwks.timeout-ms";

    public TokenSettings {
        issuers = List.copyOf(issuers);
        discoveryIssuers = List.copyOf(discoveryIssuers);
        audiences = Set.copyOf(audiences);
        scopeClaims = List.copyOf(scopeClaims);
        roleClaims = List.copyOf(roleClaims);
    }

    /**
     * Reads and checks the settings. {@code config} answers a property name with its value, empty when
     * unset (MicroProfile Config treats an empty value as unset too).
     *
     * @throws IllegalStateException naming what to set when the settings cannot verify any token
     */
    public static TokenSettings from(Function<String, Optional<String>> config) {
        Function<String, Optional<String>> values = name -> config.apply(name).map(String::trim).filter(v -> !v.isEmpty());
        String location = values.apply(PUBLIC_KEY_LOCATION).orElse(null);
        String key = values.apply(PUBLIC_KEY).orElse(null);
        List<IssuerPattern> issuers = new ArrayList<>();
        for (String issuer : list(values.apply(ISSUER))) {
            issuers.add(IssuerPattern.of(issuer));
        }
        List<URI> discovery = new ArrayList<>();
        for (String issuer : list(values.apply(OIDC_ISSUER))) {
            discovery.add(httpUrl(issuer, OIDC_ISSUER));
        }
        Set<String> audiences = new LinkedHashSet<>(list(values.apply(AUDIENCES)));
        if (audiences.isEmpty()) {
            throw misconfigured("Portrait needs the audience its tokens are issued for: set " + variable(AUDIENCES)
                    + ", e.g. api://portrait (without it any token of the identity provider would do)");
        }
        if (location != null && key != null) {
            throw misconfigured("set " + variable(PUBLIC_KEY_LOCATION) + " or " + variable(PUBLIC_KEY) + ", not both");
        }
        boolean staticKey = location != null || key != null;
        if (staticKey && issuers.isEmpty()) {
            throw misconfigured("set " + variable(ISSUER) + " to the issuer (iss) of the tokens signed with "
                    + (location != null ? location : "the key in " + variable(PUBLIC_KEY)));
        }
        if (!staticKey && !issuers.isEmpty()) {
            throw misconfigured("set " + variable(PUBLIC_KEY_LOCATION) + " (a PEM file or a JWKS URL) for the issuers in "
                    + variable(ISSUER) + ", or use " + variable(OIDC_ISSUER) + " for an OpenID Connect issuer");
        }
        if (!staticKey && discovery.isEmpty()) {
            throw misconfigured("Portrait has no way to verify tokens: set " + variable(OIDC_ISSUER)
                    + " (an OpenID Connect issuer URL), or " + variable(ISSUER) + " and " + variable(PUBLIC_KEY_LOCATION));
        }
        String defaultTenant = values.apply(DEFAULT_TENANT).orElse(null);
        if (defaultTenant != null && !InputRules.isIdentifier(defaultTenant)) {
            throw misconfigured(variable(DEFAULT_TENANT) + " must be a tenant id (letters, digits, '.', '_', '-'), got '" + defaultTenant + "'");
        }
        List<String> scopeClaims = claimNames(values, SCOPE_CLAIMS, "scp,scope");
        List<String> roleClaims = claimNames(values, ROLE_CLAIMS, "roles,realm_access.roles");
        Duration skew = Duration.ofSeconds(number(values, CLOCK_SKEW, 60, 0, 600));
        int cacheSize = (int) number(values, CACHE_SIZE, 10_000, 0, 10_000_000);
        long cacheBytes = number(values, CACHE_BYTES, 16L << 20, 0, 1L << 40);
        int maxLength = (int) number(values, MAX_LENGTH, 16_384, 1_024, 1_048_576);
        Duration interval = Duration.ofSeconds(number(values, JWKS_REFRESH_INTERVAL, 30, 1, 86_400));
        Duration ttl = Duration.ofSeconds(number(values, JWKS_CACHE_TTL, 900, 1, 604_800));
        Duration outage = Duration.ofSeconds(number(values, JWKS_OUTAGE_TOLERANCE, 86_400, 0, 31_536_000));
        Duration timeout = Duration.ofMillis(number(values, JWKS_TIMEOUT_MS, 2_000, 100, 60_000));
        if (ttl.compareTo(interval) <= 0) {
            throw misconfigured(variable(JWKS_CACHE_TTL) + " (" + ttl.toSeconds() + " s) must be longer than "
                    + variable(JWKS_REFRESH_INTERVAL) + " (" + interval.toSeconds() + " s)");
        }
        return new TokenSettings(location, key, issuers, discovery, audiences, defaultTenant, scopeClaims, roleClaims,
                skew, cacheSize, cacheBytes, maxLength, interval, ttl, outage, timeout);
    }

    /** The environment variable that sets a property (MicroProfile Config's mapping of names). */
    public static String variable(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + " (" + property + ")";
    }

    static List<String> list(Optional<String> value) {
        List<String> entries = new ArrayList<>();
        for (String entry : value.orElse("").split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry.trim());
            }
        }
        return entries;
    }

    private static List<String> claimNames(Function<String, Optional<String>> values, String property, String defaults) {
        List<String> names = list(Optional.of(values.apply(property).orElse(defaults)));
        for (String name : names) {
            if (name.startsWith(".") || name.endsWith(".") || name.contains(" ")) {
                throw misconfigured(variable(property) + ": '" + name + "' is not a claim name or a dotted claim path");
            }
        }
        return names;
    }

    private static long number(Function<String, Optional<String>> values, String property, long defaultValue, long min, long max) {
        Optional<String> text = values.apply(property);
        if (text.isEmpty()) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.get());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw misconfigured(variable(property) + " must be a whole number from " + min + " to " + max + ", got '" + text.get() + "'");
    }

    private static URI httpUrl(String text, String property) {
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null) {
                return uri;
            }
        } catch (java.net.URISyntaxException malformed) {
            // reported below
        }
        throw misconfigured(variable(property) + " must be an http(s) URL, got '" + text + "'");
    }

    static IllegalStateException misconfigured(String message) {
        return new IllegalStateException("Token verification: " + message);
    }
}
