package org.portrait.cors.control;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The origins the operator allows ({@code portrait.cors.origins}, comma-separated; none by default),
 * and the answers a browser gets (docs/api.md §10). No origin ever gets credentials (cookies): Portrait
 * authenticates by bearer token, which a page sends itself.
 */
public final class CorsPolicy {

    public static final String METHODS = "GET, PUT, PATCH, DELETE, POST";

    /** What the Graph JavaScript client and Graph Toolkit send, whether or not the preflight lists them. */
    static final Set<String> HEADERS = Set.of("authorization", "content-type", "client-request-id", "sdkversion",
            "consistencylevel", "if-none-match", "if-match", "prefer", "return-client-request-id", "featureusage",
            "x-requested-with");

    public static final String EXPOSED = "ETag, request-id, client-request-id, Retry-After, Location, WWW-Authenticate";

    /** Seconds a browser may cache a preflight answer. */
    public static final int MAX_AGE_SECONDS = 3600;

    private final Set<String> origins;
    private final boolean anyOrigin;

    private CorsPolicy(Set<String> origins) {
        this.anyOrigin = origins.contains("*");
        this.origins = origins;
    }

    /** @param configured comma-separated origins such as {@code https://intranet.example.com}, or {@code *} */
    public static CorsPolicy of(String configured) {
        Set<String> origins = configured == null ? Set.of() : Arrays.stream(configured.split(","))
                .map(String::trim)
                .filter(origin -> !origin.isEmpty())
                .map(CorsPolicy::normalised)
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new CorsPolicy(origins);
    }

    public boolean enabled() {
        return !origins.isEmpty();
    }

    /**
     * The {@code Access-Control-Allow-Origin} for a request's {@code Origin}: the origin itself, {@code *}
     * when every origin is allowed, or empty when this origin is not allowed.
     */
    public Optional<String> allowOrigin(String origin) {
        if (origin == null || origin.isBlank() || origin.equals("null")) {
            return Optional.empty();
        }
        if (anyOrigin) {
            return Optional.of("*");
        }
        return origins.contains(normalised(origin)) ? Optional.of(origin) : Optional.empty();
    }

    /**
     * The {@code Access-Control-Allow-Headers} of a preflight: the headers Graph clients send, and those
     * the preflight asks for (a bearer token is still needed for anything but the preflight itself).
     */
    public static String allowHeaders(String requested) {
        Set<String> headers = new LinkedHashSet<>(HEADERS.stream().sorted().toList());
        if (requested != null) {
            Arrays.stream(requested.split(","))
                    .map(name -> name.trim().toLowerCase(Locale.ROOT))
                    .filter(name -> name.matches("[a-z0-9!#$%&'*+.^_`|~-]{1,64}"))
                    .limit(32)
                    .forEach(headers::add);
        }
        return String.join(", ", headers);
    }

    /** Scheme and host compare case-insensitively; a trailing slash is not part of an origin. */
    private static String normalised(String origin) {
        String trimmed = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
        return trimmed.toLowerCase(Locale.ROOT);
    }
}
