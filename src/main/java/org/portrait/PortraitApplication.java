package org.portrait;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;

/**
 * The JAX-RS application. No {@code @LoginConfig}: the server's own MicroProfile JWT stays off, and
 * Portrait verifies bearer tokens itself (security.boundary.AuthenticationFilter), the same way on every
 * server. Permissions come from the token's scopes and roles and are checked by PermissionPolicy, not
 * by container roles.
 */
@ApplicationPath("/")
@ApplicationScoped
public class PortraitApplication extends Application {

    /** Jersey publishes a WADL of every resource unless told not to; other runtimes ignore the key. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
