package org.portrait.schema.control;

import org.eclipse.persistence.config.SessionCustomizer;
import org.eclipse.persistence.sessions.DatabaseLogin;
import org.eclipse.persistence.sessions.Session;

/**
 * EclipseLink retries a read that lost its connection (3 times, 5 s apart by default), so while the
 * database is down a request would hang for 10 s or more before failing. The connection pool already
 * validates connections, and a client can retry after the 503's Retry-After, so fail at once.
 * Named by {@code eclipselink.session.customizer} in persistence.xml; other JPA providers ignore it.
 */
public class FailFastSessionCustomizer implements SessionCustomizer {

    @Override
    public void customize(Session session) {
        if (session.getDatasourceLogin() instanceof DatabaseLogin login) {
            login.setQueryRetryAttemptCount(0);
            login.setDelayBetweenConnectionAttempts(0);
        }
    }
}
