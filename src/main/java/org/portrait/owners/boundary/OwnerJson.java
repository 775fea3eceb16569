package org.portrait.owners.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;
import static org.portrait.graph.boundary.GraphJson.put;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Set;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;

/** Owners as Graph's user, group, contact and contactFolder JSON (the properties Portrait keeps, docs/api.md §8). */
public final class OwnerJson {

    private static final Set<String> KEPT_ON_SELECT = Set.of("@odata.context");

    private OwnerJson() {
    }

    public static JsonObject entity(String context, Owner owner, ODataQuery query) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("@odata.context", context + "/$entity");
        return query.apply(selectable(owner, json, query), KEPT_ON_SELECT);
    }

    public static JsonObject collection(String context, OwnerKind kind, List<Owner> owners, ODataQuery query) {
        // Checked against the kind's properties, so that an empty list refuses a bad $select too.
        query.requireKnown(GraphProperties.of(kind).keySet());
        JsonArrayBuilder value = JSON.createArrayBuilder();
        for (Owner owner : owners) {
            value.add(query.apply(selectable(owner, JSON.createObjectBuilder(), query), Set.of()));
        }
        return JSON.createObjectBuilder().add("@odata.context", context).add("value", value).build();
    }

    /**
     * The properties Portrait keeps; with a {@code $select}, also every other Graph property of the
     * kind, as null or [], so that selecting one Portrait does not keep answers like Graph.
     */
    private static JsonObject selectable(Owner owner, JsonObjectBuilder json, ODataQuery query) {
        JsonObject kept = properties(owner, json).build();
        if (query.select().isEmpty()) {
            return kept;
        }
        JsonObjectBuilder all = JSON.createObjectBuilder(kept);
        GraphProperties.of(owner.kind()).forEach((name, collection) -> {
            if (!kept.containsKey(name)) {
                if (collection) {
                    all.add(name, JsonValue.EMPTY_JSON_ARRAY);
                } else {
                    all.addNull(name);
                }
            }
        });
        return all.build();
    }

    private static JsonObjectBuilder properties(Owner owner, JsonObjectBuilder json) {
        json.add("id", owner.objectId());
        put(json, "displayName", owner.displayName());
        switch (owner.kind()) {
            case USER -> {
                put(json, "userPrincipalName", owner.userPrincipalName());
                put(json, "mail", owner.mail());
            }
            case GROUP -> {
                put(json, "mail", owner.mail());
                put(json, "description", owner.description());
            }
            case CONTACT -> {
                put(json, "givenName", owner.givenName());
                put(json, "surname", owner.surname());
                JsonArrayBuilder addresses = JSON.createArrayBuilder();
                if (owner.mail() != null) {
                    addresses.add(put(JSON.createObjectBuilder().add("address", owner.mail()), "name", owner.displayName()));
                }
                json.add("emailAddresses", addresses);
            }
            case CONTACT_FOLDER -> { }
        }
        return json;
    }
}
