package org.portrait.graph.boundary;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** What servlet filters need to know of Graph requests, and the attributes they hand to each other. */
public final class GraphRequests {

    /** A failure a filter answered with {@code sendError}: the error page turns it into Graph error JSON. */
    public static final String FAILURE = "org.portrait.failure";

    private GraphRequests() {
    }

    /**
     * Whether the request is under a Graph version root ({@code /v1.0}, {@code /beta}, in any case).
     * Asked of the container's decoded, normalised path and of the raw path JAX-RS matches on: an
     * escaped slash or dot segment can make the two disagree, and either one naming a version root is
     * enough to demand authentication.
     */
    public static boolean isGraphPath(HttpServletRequest request) {
        String normalised = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        String raw = request.getRequestURI().substring(request.getContextPath().length());
        return isVersionRoot(firstSegment(normalised)) || isVersionRoot(decoded(firstSegment(raw)));
    }

    private static String firstSegment(String path) {
        int start = 0;
        while (start < path.length() && path.charAt(start) == '/') {
            start++;
        }
        int end = start;
        while (end < path.length() && path.charAt(end) != '/' && path.charAt(end) != ';') {
            end++;
        }
        return path.substring(start, end);
    }

    private static boolean isVersionRoot(String segment) {
        return segment.equalsIgnoreCase("v1.0") || segment.equalsIgnoreCase("beta");
    }

    /** A path segment percent-decoded ({@code +} stays itself); a malformed one as it is. */
    public static String decoded(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment; // nothing to decode: the common case, on every request, without a copy
        }
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return segment;
        }
    }
}
