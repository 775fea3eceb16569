package org.portrait.health.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.portrait.health.control.Shutdown;

/** Counts the requests being served, for a stopping instance to finish them (Shutdown). First in web.xml. */
public class InFlightRequests extends HttpFilter {

    @Inject
    Shutdown shutdown;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        shutdown.requestStarted();
        try {
            chain.doFilter(request, response);
        } finally {
            shutdown.requestEnded();
        }
    }
}
