package org.portrait.graph.boundary;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/** Graph-shaped JSON helpers, and the one JSON-P provider every class here uses. */
public final class GraphJson {

    /**
     * Looked up once: each {@code Json.createXxx()} call repeats the ServiceLoader scan of the class
     * path, which took most of the CPU of a small request on Payara.
     */
    public static final JsonProvider JSON = JsonProvider.provider();

    private GraphJson() {
    }

    /** Absent values are written as JSON null, as Graph does. */
    public static JsonObjectBuilder put(JsonObjectBuilder object, String name, String value) {
        return value == null ? object.addNull(name) : object.add(name, value);
    }
}
