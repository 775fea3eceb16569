package org.portrait.graph.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import jakarta.ws.rs.core.MultivaluedMap;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.portrait.errors.entity.InvalidRequestException;

/** The OData query options of a request: {@code $select} is supported, every other {@code $} option is refused. */
public record ODataQuery(Set<String> select) {

    public static ODataQuery of(MultivaluedMap<String, String> parameters) {
        Set<String> select = new LinkedHashSet<>();
        for (Map.Entry<String, java.util.List<String>> parameter : parameters.entrySet()) {
            String name = parameter.getKey();
            if (name.equalsIgnoreCase("$select")) {
                parameter.getValue().forEach(value -> Arrays.stream(value.split(","))
                        .map(String::trim).filter(p -> !p.isEmpty()).forEach(select::add));
            } else if (name.startsWith("$")) {
                throw new InvalidRequestException("Query option '" + name + "' is not supported.");
            }
        }
        return new ODataQuery(select);
    }

    /** Refuses a {@code $select} of a property outside {@code properties} (annotations are never selectable). */
    public void requireKnown(Set<String> properties) {
        for (String property : select) {
            if (property.startsWith("@") || !properties.contains(property)) {
                throw new InvalidRequestException("Could not find a property named '" + property + "' on this resource.");
            }
        }
    }

    /**
     * The entity reduced to the selected properties (plus {@code @odata.*} annotations that the
     * contract keeps). Selecting a property the entity does not have is a 400.
     */
    public JsonObject apply(JsonObject entity, Set<String> keptAnnotations) {
        if (select.isEmpty()) {
            return entity;
        }
        requireKnown(entity.keySet());
        JsonObjectBuilder selected = JSON.createObjectBuilder();
        for (Map.Entry<String, JsonValue> property : entity.entrySet()) {
            if (select.contains(property.getKey()) || keptAnnotations.contains(property.getKey())) {
                selected.add(property.getKey(), property.getValue());
            }
        }
        return selected.build();
    }
}
