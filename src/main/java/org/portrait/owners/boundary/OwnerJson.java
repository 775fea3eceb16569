package org.portrait.owners.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;
import static org.portrait.graph.boundary.GraphJson.put;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Set;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;

/** Owners as Graph's user, group, contact and contactFolder JSON (the subset Portrait keeps). */
final class OwnerJson {

    private static final Set<String> KEPT_ON_SELECT = Set.of("@odata.context");

    private OwnerJson() {
    }

    static JsonObject entity(String context, Owner owner, ODataQuery query) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("@odata.context", context + "/$entity");
        return query.apply(properties(owner, json).build(), KEPT_ON_SELECT);
    }

    static JsonObject collection(String context, OwnerKind kind, List<Owner> owners, ODataQuery query) {
        // Checked against the kind's properties, so that an empty list refuses a bad $select too.
        query.requireKnown(properties(new Owner("", kind, null), JSON.createObjectBuilder()).build().keySet());
        JsonArrayBuilder value = JSON.createArrayBuilder();
        for (Owner owner : owners) {
            value.add(query.apply(properties(owner, JSON.createObjectBuilder()).build(), Set.of()));
        }
        return JSON.createObjectBuilder().add("@odata.context", context).add("value", value).build();
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
