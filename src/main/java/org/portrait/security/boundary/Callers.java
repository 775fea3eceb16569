package org.portrait.security.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.portrait.security.control.Caller;
import org.portrait.security.control.UnauthenticatedException;

/**
 * The {@link Caller} of the current request, for injection: {@link AuthenticationFilter} verified the
 * token, mapped its claims ({@code ClaimMapping}) and left the caller on the request.
 */
@ApplicationScoped
public class Callers {

    /** The request attribute {@link AuthenticationFilter} leaves the caller in. */
    public static final String CALLER = Caller.class.getName();

    @Inject
    HttpServletRequest request;

    /**
     * The caller of the current request. A request that did not pass {@link AuthenticationFilter} (a
     * path web.xml does not map to it) has none: deny rather than guess.
     */
    @Produces
    @Dependent
    public Caller current() {
        if (request.getAttribute(CALLER) instanceof Caller caller) {
            return caller;
        }
        throw new UnauthenticatedException("Access token is empty.");
    }
}
