package org.portrait.security.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to deploy without {@code mp.jwt.verify.audiences}: MicroProfile JWT skips the audience check
 * when it is unset, and an Entra ID tenant would then let in tokens issued for any of its other APIs.
 * Started by the application-scope event (not an EJB: WildFly's standalone-microprofile.xml has none).
 */
@ApplicationScoped
public class TokenAudienceRequirement {

    static final String AUDIENCES = "mp.jwt.verify.audiences";

    void requireAudience(@Observes @Initialized(ApplicationScoped.class) Object started) {
        Optional<String> audiences = ConfigProvider.getConfig().getOptionalValue(AUDIENCES, String.class);
        if (audiences.map(String::isBlank).orElse(true)) {
            throw new IllegalStateException("Portrait needs the audience its tokens are issued for: set "
                    + "MP_JWT_VERIFY_AUDIENCES (MicroProfile Config " + AUDIENCES + "), e.g. api://portrait");
        }
    }
}
