package org.portrait.security.boundary;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.portrait.graph.boundary.GraphRequests;
import org.portrait.security.control.Caller;
import org.portrait.security.control.UnauthenticatedException;

/**
 * Deny by default: every request under {@code /v1.0} and {@code /beta} is authenticated here, before
 * JAX-RS parses a path, a size or a body, so an anonymous request is a 401 whatever else is wrong with
 * it. The caller is left on the request for {@link Callers}. Mapped to every path in web.xml and
 * choosing here, because the version segment is case-insensitive like every Graph path keyword.
 */
public class AuthenticationFilter extends HttpFilter {

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        // OPTIONS reads and writes nothing: it is a 405, or a CORS preflight, which carries no token.
        if (!GraphRequests.isGraphPath(request) || "OPTIONS".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        Caller caller;
        try {
            caller = Callers.fromToken(request.getUserPrincipal());
        } catch (UnauthenticatedException refused) {
            // The error page renders it, so that every error body is written in one place.
            request.setAttribute(GraphRequests.FAILURE, refused);
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        request.setAttribute(Callers.CALLER, caller);
        chain.doFilter(request, response);
    }
}
