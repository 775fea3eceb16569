package org.portrait.graph.boundary;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Graph's path keywords are case-insensitive ({@code contactfolders} = {@code contactFolders}), JAX-RS
 * templates are not: keyword segments are rewritten to their canonical spelling before matching.
 */
@Provider
@PreMatching
public class CaseInsensitivePaths implements ContainerRequestFilter {

    private static final Map<String, String> KEYWORDS = Stream.of("v1.0", "beta", "me", "users", "groups", "teams",
                    "contacts", "contactFolders", "photo", "photos", "$value", "link")
            .collect(Collectors.toMap(k -> k.toLowerCase(Locale.ROOT), Function.identity()));

    private static final Set<String> ID_COLLECTIONS = Set.of("users", "groups", "teams", "contacts", "contactFolders");

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        String rawPath = uri.getRawPath();
        String canonical = canonical(rawPath);
        if (!canonical.equals(rawPath)) {
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            request.setRequestUri(URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + canonical + query));
        }
    }

    public static String canonical(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        String previous = null;
        for (int i = 0; i < segments.length; i++) {
            // The segment after users, groups, teams, contacts or contactFolders is an id, kept as sent.
            String keyword = previous != null && ID_COLLECTIONS.contains(previous) ? null
                    : KEYWORDS.get(GraphRequests.decoded(segments[i]).toLowerCase(Locale.ROOT));
            if (keyword != null) {
                segments[i] = keyword;
            }
            previous = keyword;
        }
        return String.join("/", segments);
    }

}
