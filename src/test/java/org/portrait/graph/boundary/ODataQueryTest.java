package org.portrait.graph.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.portrait.errors.entity.InvalidRequestException;

class ODataQueryTest {

    static final JsonObject PHOTO = jakarta.json.Json.createObjectBuilder()
            .add("@odata.context", "ctx").add("@odata.mediaEtag", "\"A\"").add("id", "48X48").add("width", 48).add("height", 48)
            .build();

    @Test
    void selectKeepsOnlyTheNamedPropertiesAndTheContext() {
        JsonObject selected = query("$select", "id, width").apply(PHOTO, Set.of("@odata.context"));
        assertEquals(Set.of("@odata.context", "id", "width"), selected.keySet());
    }

    @Test
    void noSelectReturnsTheEntityUnchanged() {
        assertEquals(PHOTO, query("other", "1").apply(PHOTO, Set.of()));
    }

    @Test
    void unknownPropertiesAndOtherOptionsAreBadRequests() {
        assertThrows(InvalidRequestException.class, () -> query("$select", "nope").apply(PHOTO, Set.of()));
        assertThrows(InvalidRequestException.class, () -> query("$select", "@odata.mediaEtag").apply(PHOTO, Set.of()));
        assertThrows(InvalidRequestException.class, () -> query("$expand", "x"));
        assertThrows(InvalidRequestException.class, () -> query("$filter", "id eq 1"));
    }

    private static ODataQuery query(String name, String value) {
        MultivaluedHashMap<String, String> parameters = new MultivaluedHashMap<>();
        parameters.add(name, value);
        return ODataQuery.of(parameters);
    }
}
