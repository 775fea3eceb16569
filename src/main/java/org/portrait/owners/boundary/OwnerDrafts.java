package org.portrait.owners.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.function.Predicate;
import org.portrait.errors.entity.BoundedBodies;
import org.portrait.errors.entity.InvalidRequestException;
import org.portrait.graph.boundary.InputRules;
import org.portrait.owners.control.OwnerDraft;

/**
 * Reads a Graph JSON request body into an {@link OwnerDraft}. Unknown properties are ignored (Graph's
 * SDK sends many); known ones are checked against what the database keeps, so bad input is a 400.
 */
public final class OwnerDrafts {

    /** An owner body is a few hundred bytes; anything near this is not one. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final int MAX_NAME_LENGTH = 255;
    private static final int MAX_DESCRIPTION_LENGTH = 1024;


    private OwnerDrafts() {
    }

    public static OwnerDraft read(InputStream body) {
        JsonObject json = object(BoundedBodies.read(body, MAX_BODY_BYTES));
        String id = text(json, "id", MAX_NAME_LENGTH);
        if (id != null && !InputRules.isIdentifier(id)) {
            throw invalid("Property 'id' may hold only letters, digits, '.', '_' and '-' (at most 128).");
        }
        return new OwnerDraft(id, text(json, "displayName", MAX_NAME_LENGTH),
                text(json, "userPrincipalName", MAX_NAME_LENGTH),
                firstNonNull(text(json, "mail", MAX_NAME_LENGTH), firstEmail(json)),
                text(json, "givenName", MAX_NAME_LENGTH), text(json, "surname", MAX_NAME_LENGTH),
                text(json, "description", MAX_DESCRIPTION_LENGTH, InputRules::hasControlCharactersButLayout));
    }

    private static JsonObject object(byte[] body) {
        JsonValue value = parse(body);
        if (!(value instanceof JsonObject json)) {
            throw invalid("The request body must be a JSON object.");
        }
        return json;
    }

    /** One JSON value and nothing after it. */
    private static JsonValue parse(byte[] body) {
        try (JsonParser parser = JSON.createParser(new ByteArrayInputStream(body))) {
            parser.next();
            JsonValue value = parser.getValue();
            return parser.hasNext() ? null : value;
        } catch (RuntimeException malformed) {
            // JsonException, NoSuchElementException for an empty body, and the plain RuntimeException
            // Parsson throws for nesting deeper than it allows: all of them are a client's bad JSON.
            throw invalid("Unable to read JSON request payload.");
        }
    }

    private static String text(JsonObject json, String name, int maxLength) {
        return text(json, name, maxLength, InputRules::hasControlCharacters);
    }

    private static String text(JsonObject json, String name, int maxLength, Predicate<String> forbidden) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonString string)) {
            throw invalid("Property '" + name + "' must be a string.");
        }
        String text = string.getString();
        if (text.length() > maxLength) {
            throw invalid("Property '" + name + "' is longer than " + maxLength + " characters.");
        }
        if (forbidden.test(text)) {
            throw invalid("Property '" + name + "' contains control characters.");
        }
        return text;
    }

    private static String firstEmail(JsonObject json) {
        JsonValue addresses = json.get("emailAddresses");
        if (addresses instanceof JsonArray array && !array.isEmpty() && array.get(0) instanceof JsonObject first) {
            return text(first, "address", MAX_NAME_LENGTH);
        }
        return null;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException("Request_BadRequest", message);
    }
}
