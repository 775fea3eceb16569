package org.portrait.metrics.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
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

    static final Metadata UPLOADS = Metadata.builder().withName("portrait.uploads")
            .withDescription("Photo uploads (PUT or PATCH of photo/$value) by result: stored, invalid_image, "
                    + "too_large, denied, not_found or failed").build();
    static final Metadata UPLOAD_TIME = Metadata.builder().withName("portrait.upload")
            .withDescription("Time of a whole upload: permission check, reading the body, making the sizes, storing")
            .withUnit(MetricUnits.SECONDS).build();
    static final Metadata VARIANT_TIME = Metadata.builder().withName("portrait.variants")
            .withDescription("Time to decode an upload and make every size, including any wait for a free decode slot")
            .withUnit(MetricUnits.SECONDS).build();
    static final Metadata SERVED = Metadata.builder().withName("portrait.served")
            .withDescription("Photo bytes sent in $value answers (not counting 304s)")
            .withUnit(MetricUnits.BYTES).build();
    static final Metadata ERRORS = Metadata.builder().withName("portrait.errors")
            .withDescription("Graph error answers by HTTP status, including the container's own (such as 401 for a bad token)")
            .build();

    @Inject
    MetricRegistry registry;

    /** Results of an upload, in the order of {@link #result(Throwable)}. */
    static final List<String> RESULTS = List.of("stored", "invalid_image", "too_large", "denied", "not_found", "failed");

    /** The statuses Portrait answers with on purpose (docs/api.md §6), plus 500. */
    static final List<Integer> STATUSES = List.of(400, 401, 403, 404, 405, 413, 415, 500, 503);

    /** The registered metrics, looked up once: served() runs on every $value answer. */
    private final Map<String, Counter> uploads = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> errors = new ConcurrentHashMap<>();
    private Timer uploadTime;
    private Timer variantTime;
    private Counter served;

    /**
     * Every metric exists from the start, at zero: the runtime answers 404 for a scope without metrics,
     * and Prometheus computes rates only from a series it has seen before.
     */
    void register(@Observes @Initialized(ApplicationScoped.class) Object started) {
        RESULTS.forEach(this::uploads);
        STATUSES.forEach(this::errors);
        uploadTime = registry.timer(UPLOAD_TIME);
        variantTime = registry.timer(VARIANT_TIME);
        served = registry.counter(SERVED);
    }

    private Counter uploads(String result) {
        return uploads.computeIfAbsent(result, r -> registry.counter(UPLOADS, new Tag("result", r)));
    }

    /** Statuses outside {@link #STATUSES} (such as 406) get their counter when they first occur. */
    private Counter errors(int status) {
        return errors.computeIfAbsent(status, s -> registry.counter(ERRORS, new Tag("status", s.toString())));
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
            uploads(result(failure)).inc();
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
        errors(status).inc();
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
