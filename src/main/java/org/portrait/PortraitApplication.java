package org.portrait;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The JAX-RS application. It must be a CDI bean, or MP-JWT fails to deploy on Payara.
 * Permissions come from the token's scp/roles claims and are checked by PermissionPolicy,
 * not by container roles.
 */
@ApplicationPath("/")
@LoginConfig(authMethod = "MP-JWT")
@ApplicationScoped
public class PortraitApplication extends Application {

    /** Jersey publishes a WADL of every resource unless told not to; other runtimes ignore the key. */
    @Override
    public Map<String, Object> getProperties() {
        return Map.of("jersey.config.server.wadl.disableWadl", true);
    }
}
