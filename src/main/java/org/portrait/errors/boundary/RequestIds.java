package org.portrait.errors.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Gives every response a fresh {@code request-id} and echoes {@code client-request-id}, as Graph does.
 * Also runs on ERROR dispatches: a request the container rejects before any filter (a bad token)
 * still gets its ids on the error page. Mapped in web.xml, ahead of every other filter.
 */
public class RequestIds extends HttpFilter {

    public static final String REQUEST_ID = "request-id";
    public static final String CLIENT_REQUEST_ID = "client-request-id";

    /** Longer client ids are cut: the header is echoed into every response and error body. */
    private static final int MAX_CLIENT_ID_LENGTH = 128;

    private static final Pattern NOT_PRINTABLE = Pattern.compile("[^\\x20-\\x7E]");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String requestId = requestId(request);
        response.setHeader(REQUEST_ID, requestId);
        String clientId = clientRequestId(request);
        if (clientId != null) {
            response.setHeader(CLIENT_REQUEST_ID, clientId);
        }
        chain.doFilter(request, response);
    }

    public static String requestId(HttpServletRequest request) {
        Object existing = request.getAttribute(REQUEST_ID);
        if (existing instanceof String id) {
            return id;
        }
        String id = randomId();
        request.setAttribute(REQUEST_ID, id);
        return id;
    }

    /**
     * A random (version 4) UUID from the thread's own generator. Not {@code UUID.randomUUID()}: that
     * draws from one SecureRandom shared by all request threads, a lock on every request, for an id that
     * correlates logs and is no secret (docs/performance.md).
     */
    static String randomId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long low = random.nextLong() & ~(0xC000L << 48) | 0x8000L << 48; // IETF variant
        return new UUID(high, low).toString();
    }

    public static String clientRequestId(HttpServletRequest request) {
        String value = request.getHeader(CLIENT_REQUEST_ID);
        if (value == null || value.isBlank()) {
            return null;
        }
        String printable = NOT_PRINTABLE.matcher(value).replaceAll("");
        return printable.length() > MAX_CLIENT_ID_LENGTH ? printable.substring(0, MAX_CLIENT_ID_LENGTH) : printable;
    }
}
