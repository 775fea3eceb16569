package org.portrait.health.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Graceful stop (docs/scaling.md): on SIGTERM readiness turns DOWN at once, so the load balancer
 * stops sending, and the requests already running finish, for at most
 * {@code portrait.shutdown.grace-ms}, before the application and the server go.
 * <p>
 * SIGTERM is taken over from the JVM while the application is deployed: the JVM's own handler starts
 * the shutdown hooks, and the server's hook stops the servlets at once, under the requests still
 * running. Portrait's handler drains first and then hands the signal to the JVM's handler. Where the
 * JVM does not allow that (-Xrs), a shutdown hook turns readiness DOWN, and the undeployment waits
 * for the drain, which is all a server's own stop order then allows.
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
    /** The JVM's SIGTERM handler that Portrait's replaced (a sun.misc.SignalHandler), or null. */
    private Object jvmHandler;

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        try {
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object ours = Proxy.newProxyInstance(Shutdown.class.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, arguments) -> switch (method.getName()) {
                        case "handle" -> {
                            terminated(arguments[0]);
                            yield null;
                        }
                        case "equals" -> proxy == arguments[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> "Portrait's SIGTERM handler";
                    });
            jvmHandler = handle(ours);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException refused) {
            LOG.warning("SIGTERM cannot be handled (" + refused + "): requests in flight may fail at a stop");
            hook = new Thread(this::drain, "portrait-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
        }
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        drain();
        if (jvmHandler != null) {
            try {
                handle(jvmHandler);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.warning("Could not give SIGTERM back to the JVM: " + e);
            }
        }
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or ran: nothing to remove
            }
        }
    }

    /**
     * sun.misc.Signal.handle(TERM, handler), through reflection: the JDK's jdk.unsupported module is
     * not visible to deployments on every server, and a bean naming a missing type fails to deploy.
     */
    private static Object handle(Object handler) throws ReflectiveOperationException {
        Class<?> signal = Class.forName("sun.misc.Signal");
        Object term = signal.getConstructor(String.class).newInstance("TERM");
        try {
            return signal.getMethod("handle", signal, Class.forName("sun.misc.SignalHandler")).invoke(null, term, handler);
        } catch (java.lang.reflect.InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure; // IllegalArgumentException: the JVM keeps the signal (-Xrs)
            }
            throw e;
        }
    }

    /** Runs in a thread of its own for each signal: drain, then what the JVM does on SIGTERM (exit 143). */
    private void terminated(Object signal) throws ReflectiveOperationException {
        drain();
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        if (jvmHandler == handlerType.getField("SIG_DFL").get(null) || jvmHandler == handlerType.getField("SIG_IGN").get(null)) {
            System.exit(128 + 15);
        }
        Method handle = handlerType.getMethod("handle", Class.forName("sun.misc.Signal"));
        handle.invoke(jvmHandler, signal);
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
