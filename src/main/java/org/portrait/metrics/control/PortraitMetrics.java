package org.portrait.metrics.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.portrait.metrics.control.Meters.Count;
import org.portrait.metrics.control.Meters.Definition;
import org.portrait.metrics.control.Meters.Timing;
import org.portrait.errors.entity.PayloadTooLargeException;
import org.portrait.images.control.InvalidImageException;
import org.portrait.owners.control.OwnerNotFoundException;
import org.portrait.access.control.AccessDeniedException;

/**
 * The application's metrics, in one place so that names, units and tags stay consistent. In
 * Prometheus format they are {@code portrait_uploads_total{result=…}}, {@code portrait_upload_seconds},
 * {@code portrait_variants_seconds}, {@code portrait_served_bytes_total} and
 * {@code portrait_errors_total{status=…}}.
 */
@ApplicationScoped
public class PortraitMetrics {

    static final Definition UPLOADS = new Definition("portrait.uploads",
            "Photo uploads (PUT or PATCH of photo/$value) by result: stored, invalid_image, "
                    + "too_large, denied, not_found or failed", null);
    static final Definition UPLOAD_TIME = new Definition("portrait.upload",
            "Time of a whole upload: permission check, reading the body, making the sizes, storing", "seconds");
    static final Definition VARIANT_TIME = new Definition("portrait.variants",
            "Time to decode an upload and make every size, including any wait for a free decode slot", "seconds");
    static final Definition SERVED = new Definition("portrait.served",
            "Photo bytes sent in $value answers (not counting 304s)", "bytes");
    static final Definition ERRORS = new Definition("portrait.errors",
            "Graph error answers by HTTP status, including the container's own (such as 401 for a bad token)", null);

    private static final Logger LOG = Logger.getLogger(PortraitMetrics.class.getName());

    /** The server's metrics API, chosen at start-up; nothing is counted before. */
    private volatile Meters meters = Meters.NONE;

    /**
     * Where the server's registry is looked up. Payara's MetricRegistry producer reads the injection point's
     * annotations, which a lookup through an injected Instance has and one through CDI.current() has not.
     */
    @Inject
    Instance<Object> beans;

    /** Results of an upload, in the order of {@link #result(Throwable)}. */
    static final List<String> RESULTS = List.of("stored", "invalid_image", "too_large", "denied", "not_found", "failed");

    /** The statuses Portrait answers with on purpose (docs/api.md §6), plus 500. */
    static final List<Integer> STATUSES = List.of(400, 401, 403, 404, 405, 413, 415, 500, 503);

    /** The registered metrics, looked up once: served() runs on every $value answer. */
    private final Map<String, Count> uploads = new ConcurrentHashMap<>();
    private final Map<Integer, Count> errors = new ConcurrentHashMap<>();
    private Timing uploadTime = Meters.NONE.timer(UPLOAD_TIME);
    private Timing variantTime = Meters.NONE.timer(VARIANT_TIME);
    private Count served = Meters.NONE.counter(SERVED, null, null);

    /**
     * Every metric exists from the start, at zero: the runtime answers 404 for a scope without metrics,
     * and Prometheus computes rates only from a series it has seen before.
     */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        meters = serverMeters(beans);
        uploads.clear();
        errors.clear();
        RESULTS.forEach(this::uploads);
        STATUSES.forEach(this::errors);
        uploadTime = meters.timer(UPLOAD_TIME);
        variantTime = meters.timer(VARIANT_TIME);
        served = meters.counter(SERVED, null, null);
    }

    /**
     * MicroProfile Metrics when the server has it (Payara), else Micrometer (WildFly with its micrometer
     * subsystem); otherwise no application metrics, said once in the log, rather than a failed deployment.
     */
    private static Meters serverMeters(Instance<Object> beans) {
        Meters found = Meters.NONE;
        try {
            if (onClassPath("org.eclipse.microprofile.metrics.MetricRegistry")) {
                found = MicroProfileMeters.ofServer(beans).orElse(Meters.NONE);
            }
            if (found == Meters.NONE && onClassPath("io.micrometer.core.instrument.MeterRegistry")) {
                found = MicrometerMeters.ofServer(beans).orElse(Meters.NONE);
            }
        } catch (RuntimeException | LinkageError e) {
            LOG.warning("The server's metrics API is unusable (" + e + ")");
            found = Meters.NONE;
        }
        if (found == Meters.NONE) {
            LOG.warning("Application metrics are off: this server offers neither MicroProfile Metrics nor a "
                    + "Micrometer registry, so no portrait_* metrics are published (uploads, errors, served bytes). "
                    + "Everything else works; on WildFly, server-config/wildfly/portrait.cli turns Micrometer on.");
        } else {
            LOG.info("Application metrics (portrait_*) published through " + found.describe());
        }
        return found;
    }

    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, PortraitMetrics.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Count uploads(String result) {
        return uploads.computeIfAbsent(result, r -> meters.counter(UPLOADS, "result", r));
    }

    /** Statuses outside {@link #STATUSES} (such as 406) get their counter when they first occur. */
    private Count errors(int status) {
        return errors.computeIfAbsent(status, s -> meters.counter(ERRORS, "status", s.toString()));
    }

    /**
     * For the exception mappers, which are JAX-RS providers rather than CDI beans and share a static
     * method: they cannot have the bean injected.
     */
    public static PortraitMetrics current() {
        return CDI.current().select(PortraitMetrics.class).get();
    }

    /** Runs, times and counts one upload, stored or refused; a refusal is counted by why, then handed on. */
    public void upload(Runnable upload) {
        long started = System.nanoTime();
        Throwable failure = null;
        try {
            upload.run();
        } catch (RuntimeException refused) {
            failure = refused;
            throw refused;
        } finally {
            uploads(result(failure)).inc(1);
            uploadTime.update(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Runs and times the image processing of an upload. */
    public <T> T variants(Supplier<T> processing) {
        long started = System.nanoTime();
        try {
            return processing.get();
        } finally {
            variantTime.update(Duration.ofNanos(System.nanoTime() - started));
        }
    }

    public void served(long bytes) {
        served.inc(bytes);
    }

    public void error(int status) {
        errors(status).inc(1);
    }

    static String result(Throwable failure) {
        if (failure == null) {
            return "stored";
        }
        if (failure instanceof InvalidImageException) {
            return "invalid_image";
        }
        if (failure instanceof PayloadTooLargeException) {
            return "too_large";
        }
        if (failure instanceof AccessDeniedException) {
            return "denied";
        }
        if (failure instanceof OwnerNotFoundException) {
            return "not_found";
        }
        return "failed";
    }
}
