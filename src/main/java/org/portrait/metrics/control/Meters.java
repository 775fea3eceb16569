package org.portrait.metrics.control;

import java.time.Duration;

/**
 * The metrics API of the server Portrait runs on, behind Portrait's own types: {@link PortraitMetrics} is a CDI
 * bean, and the container loads every type in a bean's fields and method signatures. A bean that named
 * MicroProfile Metrics types would fail the whole deployment on a server without that API (WildFly 39
 * replaced it with Micrometer); only the implementation chosen at start-up touches the server's API.
 */
interface Meters {

    /** A metric's name, description and unit (MicroProfile Metrics unit names: "seconds", "bytes"; null for none). */
    record Definition(String name, String description, String unit) {
    }

    interface Count {
        void inc(long amount);
    }

    interface Timing {
        void update(Duration took);
    }

    /** A counter with one tag ({@code tagName} null for none). */
    Count counter(Definition definition, String tagName, String tagValue);

    Timing timer(Definition definition);

    /** A short name of the metrics API in use, for the start-up log line. */
    String describe();

    /** When the server offers no metrics API: counting does nothing. */
    Meters NONE = new Meters() {
        @Override
        public Count counter(Definition definition, String tagName, String tagValue) {
            return amount -> { };
        }

        @Override
        public Timing timer(Definition definition) {
            return took -> { };
        }

        @Override
        public String describe() {
            return "none";
        }
    };
}
