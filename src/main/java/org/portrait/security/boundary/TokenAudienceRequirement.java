package org.portrait.security.boundary;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.Optional;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Refuses to deploy without {@code mp.jwt.verify.audiences}: MicroProfile JWT skips the audience check
 * when it is unset, and an Entra ID tenant would then let in tokens issued for any of its other APIs.
 */
@Startup
@Singleton
public class TokenAudienceRequirement {

    static final String AUDIENCES = "mp.jwt.verify.audiences";

    @PostConstruct
    void requireAudience() {
        Optional<String> audiences = ConfigProvider.getConfig().getOptionalValue(AUDIENCES, String.class);
        if (audiences.map(String::isBlank).orElse(true)) {
            throw new IllegalStateException("Portrait needs the audience its tokens are issued for: set "
                    + "MP_JWT_VERIFY_AUDIENCES (MicroProfile Config " + AUDIENCES + "), e.g. api://portrait");
        }
    }
}
