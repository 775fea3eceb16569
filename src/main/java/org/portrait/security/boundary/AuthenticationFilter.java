package org.portrait.security.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.portrait.errors.boundary.RequestIds;
import org.portrait.graph.boundary.GraphRequests;
import org.portrait.security.control.TokenVerifier;
import org.portrait.security.control.UnauthenticatedException;
import org.portrait.security.control.VerifiedToken;

/**
 * Deny by default: every request under {@code /v1.0} and {@code /beta} is authenticated here, before
 * JAX-RS parses a path, a size or a body, so an anonymous request is a 401 whatever else is wrong with
 * it. Portrait verifies the bearer token itself ({@link TokenVerifier}), not the server's MicroProfile
 * JWT, so the same WAR accepts the same tokens on any Jakarta EE server. The caller is left on the
 * request for {@link Callers}, and the request goes on with the token as its principal. Mapped to every
 * path in web.xml and choosing here, because the version segment is case-insensitive like every Graph
 * path keyword.
 */
public class AuthenticationFilter extends HttpFilter {

    private static final Logger LOG = Logger.getLogger(AuthenticationFilter.class.getName());

    @Inject
    TokenVerifier tokens;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // OPTIONS reads and writes nothing: it is a 405, or a CORS preflight, which carries no token.
        if (!GraphRequests.isGraphPath(request) || "OPTIONS".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        VerifiedToken token;
        try {
            token = tokens.verify(BearerTokens.token(request.getHeader("Authorization")));
        } catch (UnauthenticatedException refused) {
            // The client reads the reason in the 401; the log gets it only at FINE (a stream of bad tokens
            // must not flood it). The error page renders it, so that every error body is written in one place.
            LOG.log(Level.FINE, () -> "Request " + RequestIds.requestId(request) + ": token refused: " + refused.getMessage());
            request.setAttribute(GraphRequests.FAILURE, refused);
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        request.setAttribute(Callers.CALLER, token.caller());
        chain.doFilter(new AuthenticatedRequest(request, token.principal()), response);
    }
}
