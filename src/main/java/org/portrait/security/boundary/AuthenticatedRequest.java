package org.portrait.security.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import org.portrait.security.entity.TokenPrincipal;

/**
 * The request as the rest of the application sees it once its token is verified: the principal is the
 * token as a MicroProfile JWT ({@code JsonWebToken}), the authentication type MP-JWT's, so code that asks
 * the servlet or JAX-RS API who is calling gets the same answer on every server. Container roles are not
 * used: permissions come from the token's scopes and roles through the {@code Caller}.
 */
final class AuthenticatedRequest extends HttpServletRequestWrapper {

    static final String AUTH_TYPE = "MP-JWT";

    private final TokenPrincipal principal;

    AuthenticatedRequest(HttpServletRequest request, TokenPrincipal principal) {
        super(request);
        this.principal = principal;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }
}
