package org.portrait.graph.boundary;

import jakarta.json.JsonObjectBuilder;

/** Small helpers for Graph-shaped JSON: absent values are written as JSON null, as Graph does. */
public final class GraphJson {

    private GraphJson() {
    }

    public static JsonObjectBuilder put(JsonObjectBuilder object, String name, String value) {
        return value == null ? object.addNull(name) : object.add(name, value);
    }
}
