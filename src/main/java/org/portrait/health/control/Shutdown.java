package org.portrait.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Graceful stop (docs/scaling.md): on SIGTERM readiness turns DOWN at once, so the load balancer
 * stops sending, and the requests already running finish, for at most
 * {@code portrait.shutdown.grace-ms}, before the application and the server go. Runs from a JVM
 * shutdown hook (started at the signal, while the server's own hook undeploys) and again when the
 * application is undeployed, which waits for the same drain.
 */
@ApplicationScoped
public class Shutdown {

    private static final Logger LOG = Logger.getLogger(Shutdown.class.getName());

    @Inject
    @ConfigProperty(name = "portrait.shutdown.grace-ms", defaultValue = "5000")
    long graceMillis;

    private final Object lock = new Object();
    private int inFlight;
    private volatile boolean stopping;
    private Thread hook;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        hook = new Thread(this::drain, "portrait-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        drain();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or ran: nothing to remove
        }
    }

    public void requestStarted() {
        synchronized (lock) {
            inFlight++;
        }
    }

    public void requestEnded() {
        synchronized (lock) {
            inFlight--;
            lock.notifyAll();
        }
    }

    /** The readiness check: DOWN from the moment the instance is told to stop; with the requests being served. */
    public HealthCheck check() {
        int requests;
        synchronized (lock) {
            requests = inFlight;
        }
        return new HealthCheck("shutdown", !stopping, Map.of("state", stopping ? "stopping" : "running",
                "requestsInFlight", String.valueOf(requests)));
    }

    /** Readiness DOWN, then waits until no request runs, or the grace period is over. */
    void drain() {
        stopping = true;
        long deadline = System.nanoTime() + graceMillis * 1_000_000;
        synchronized (lock) {
            int waitingFor = inFlight;
            if (waitingFor > 0) {
                LOG.info(() -> "Stopping: readiness DOWN, waiting up to " + graceMillis + " ms for " + waitingFor + " requests");
            }
            long left;
            while (inFlight > 0 && (left = deadline - System.nanoTime()) > 0) {
                try {
                    lock.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (inFlight > 0) {
                LOG.warning("Stopping with " + inFlight + " requests still running after " + graceMillis + " ms");
            }
        }
    }
}
