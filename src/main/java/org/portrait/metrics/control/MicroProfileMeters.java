package org.portrait.metrics.control;

import jakarta.enterprise.inject.Instance;
import java.util.Optional;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;

/**
 * {@link Meters} on MicroProfile Metrics (Payara: published at {@code /metrics}, application scope). Not a CDI
 * bean, and only loaded by {@link PortraitMetrics} after it found the API on the class path.
 */
final class MicroProfileMeters implements Meters {

    private final MetricRegistry registry;

    private MicroProfileMeters(MetricRegistry registry) {
        this.registry = registry;
    }

    /** The application registry, when the server provides one as a CDI bean. */
    static Optional<Meters> ofServer(Instance<Object> beans) {
        Instance<MetricRegistry> registry = beans.select(MetricRegistry.class);
        return registry.isResolvable() ? Optional.of(new MicroProfileMeters(registry.get())) : Optional.empty();
    }

    @Override
    public Count counter(Definition definition, String tagName, String tagValue) {
        var counter = tagName == null
                ? registry.counter(metadata(definition))
                : registry.counter(metadata(definition), new Tag(tagName, tagValue));
        return counter::inc;
    }

    @Override
    public Timing timer(Definition definition) {
        return registry.timer(metadata(definition))::update;
    }

    @Override
    public String describe() {
        return "MicroProfile Metrics";
    }

    private static Metadata metadata(Definition definition) {
        var builder = Metadata.builder().withName(definition.name()).withDescription(definition.description());
        if (definition.unit() != null) {
            builder.withUnit(definition.unit());
        }
        return builder.build();
    }
}
