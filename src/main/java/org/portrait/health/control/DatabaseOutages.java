package org.portrait.health.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the requests an outage refuses into a few log lines (docs/database-outages.md): the first
 * refusal opens the outage and logs its cause, the others are logged at FINE only, and a probe asks
 * the database once a second until it answers, then logs how long it was gone and how many requests
 * were refused. A long outage adds one summary line per 30 s.
 */
@ApplicationScoped
public class DatabaseOutages {

    private static final Logger LOG = Logger.getLogger(DatabaseOutages.class.getName());
    private static final long PROBE_EVERY_SECONDS = 1;

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    DatabaseCheck check;

    private final OutageLog outage = new OutageLog(System::nanoTime);

    /** For the exception mappers, which are JAX-RS providers rather than CDI beans. */
    public static DatabaseOutages current() {
        return CDI.current().select(DatabaseOutages.class).get();
    }

    /** A request answered 503 because the database is unavailable; {@code cause} is one line, no stack trace. */
    public void refused(String requestId, String cause) {
        var opened = outage.refused(requestId, cause);
        if (opened.isPresent()) {
            LOG.warning(opened.get());
            probeLater();
        } else {
            LOG.fine(() -> "Request " + requestId + ": database unavailable: " + cause);
        }
    }

    void probe() {
        boolean up;
        try {
            up = check.database().up();
        } catch (RuntimeException notYet) { // the check catches the provider's failures; anything else is no answer either
            up = false;
        }
        if (up) {
            outage.recovered().ifPresent(LOG::warning);
        } else {
            outage.stillDown().ifPresent(LOG::warning);
            probeLater();
        }
    }

    private void probeLater() {
        try {
            scheduler.schedule(this::probe, PROBE_EVERY_SECONDS, TimeUnit.SECONDS);
        } catch (RejectedExecutionException shuttingDown) { // undeploying: nothing left to tell
            LOG.log(Level.FINE, "No outage probe scheduled", shuttingDown);
        }
    }
}
