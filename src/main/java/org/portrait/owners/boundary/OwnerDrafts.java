package org.portrait.owners.boundary;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.InputStream;
import org.portrait.errors.entity.InvalidRequestException;
import org.portrait.owners.control.OwnerDraft;

/** Reads a Graph JSON request body into an {@link OwnerDraft}; unknown properties are ignored, as Graph's SDK sends many. */
final class OwnerDrafts {

    private static final int MAX_PROPERTY_LENGTH = 1024;

    private OwnerDrafts() {
    }

    static OwnerDraft read(InputStream body) {
        JsonObject json;
        try (var reader = Json.createReader(body)) {
            JsonValue value = reader.readValue();
            if (!(value instanceof JsonObject object)) {
                throw new InvalidRequestException("The request body must be a JSON object.");
            }
            json = object;
        } catch (JsonException | IllegalStateException malformed) {
            throw new InvalidRequestException("Unable to read JSON request payload.");
        }
        return new OwnerDraft(text(json, "id"), text(json, "displayName"), text(json, "userPrincipalName"),
                firstNonNull(text(json, "mail"), firstEmail(json)), text(json, "givenName"), text(json, "surname"),
                text(json, "description"));
    }

    private static String text(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw new InvalidRequestException("Property '" + name + "' must be a string.");
        }
        if (string.getString().length() > MAX_PROPERTY_LENGTH) {
            throw new InvalidRequestException("Property '" + name + "' is longer than " + MAX_PROPERTY_LENGTH + " characters.");
        }
        return string.getString();
    }

    private static String firstEmail(JsonObject json) {
        JsonValue addresses = json.get("emailAddresses");
        if (addresses instanceof JsonArray array && !array.isEmpty() && array.get(0) instanceof JsonObject first) {
            return text(first, "address");
        }
        return null;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
