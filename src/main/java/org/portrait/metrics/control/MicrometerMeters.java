package org.portrait.metrics.control;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.inject.Instance;
import java.util.Optional;

/**
 * {@link Meters} on Micrometer (WildFly's micrometer subsystem, which server-config/wildfly/portrait.cli turns on
 * with a Prometheus registry). The Prometheus names are those MicroProfile Metrics gives on Payara:
 * {@code portrait_uploads_total{result=…}}, {@code portrait_upload_seconds_*} and so on. Not a CDI bean, and only
 * loaded by {@link PortraitMetrics} after it found the API on the class path.
 */
final class MicrometerMeters implements Meters {

    private final MeterRegistry registry;

    private MicrometerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The server's registry, when it provides one as a CDI bean. */
    static Optional<Meters> ofServer(Instance<Object> beans) {
        Instance<MeterRegistry> registry = beans.select(MeterRegistry.class);
        return registry.isResolvable() ? Optional.of(new MicrometerMeters(registry.get())) : Optional.empty();
    }

    /**
     * By name and tags only: WildFly hands each deployment a registry that forwards {@code counter(name, tags)} and
     * {@code timer(name, tags)} to its Prometheus registry, but keeps meters made with a builder to itself (they
     * never show), and descriptions do not pass. A unit other than seconds goes into the name, as Prometheus
     * names it ({@code portrait_served_bytes_total}); timers are in seconds there anyway.
     */
    @Override
    public Count counter(Definition definition, String tagName, String tagValue) {
        String name = definition.unit() == null || "seconds".equals(definition.unit())
                ? definition.name() : definition.name() + "." + definition.unit();
        Counter counter = registry.counter(name, tagName == null ? Tags.empty() : Tags.of(tagName, tagValue));
        return counter::increment;
    }

    @Override
    public Timing timer(Definition definition) {
        Timer timer = registry.timer(definition.name(), Tags.empty());
        return timer::record;
    }

    @Override
    public String describe() {
        return "Micrometer";
    }
}
