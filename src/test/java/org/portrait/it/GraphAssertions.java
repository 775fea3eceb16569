package org.portrait.it;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Assertions on the wire shapes of docs/api.md. */
public final class GraphAssertions {

    private GraphAssertions() {
    }

    /** id -> mediaEtag of GET {ownerPath}/photos, in the server's order. */
    public static Map<String, String> photoEtags(Api api, String ownerPath, String token) {
        Map<String, String> etags = new LinkedHashMap<>();
        for (JsonValue entry : assertJson(api.get(ownerPath + "/photos").bearer(token).send()).getJsonArray("value")) {
            JsonObject metadata = entry.asJsonObject();
            etags.put(metadata.getString("id"), metadata.getString("@odata.mediaEtag"));
        }
        return etags;
    }

    /** id -> bytes of every size in {@code etags}, each checked to be served (200) with that ETag. */
    public static Map<String, byte[]> photoBytes(Api api, String ownerPath, String token, Map<String, String> etags) {
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        etags.forEach((id, etag) -> {
            Api.Response value = assertStatus(200, api.get(ownerPath + "/photos/" + id.toLowerCase() + "/$value").bearer(token).send());
            assertEquals(etag, value.header("ETag").orElse(null), value::toString);
            bytes.put(id, value.body());
        });
        return bytes;
    }

    public static Api.Response assertStatus(int expected, Api.Response response) {
        assertEquals(expected, response.status(), () -> "unexpected status: " + response);
        return response;
    }

    /** 200 with a JSON body (Content-Type application/json, parameters allowed); returns the body. */
    public static JsonObject assertJson(Api.Response response) {
        assertStatus(200, response);
        assertJsonContentType(response);
        return response.json();
    }

    public static void assertJsonContentType(Api.Response response) {
        String type = response.header("Content-Type").orElse("");
        assertTrue(type.toLowerCase().startsWith("application/json"),
                () -> "Content-Type " + type + " is not application/json: " + response);
    }

    /**
     * A Graph error (docs/api.md §6): status, JSON {@code error.code}, a message, {@code innerError} with a UTC date
     * without offset, the request-id of the response header and the echoed client-request-id; no stack traces.
     */
    public static JsonObject assertError(int status, String code, Api.Response response) {
        assertStatus(status, response);
        assertJsonContentType(response);
        String text = response.text();
        for (String leak : new String[]{"Exception", "\tat ", "org.portrait", "SQL", "<html", "<HTML"}) {
            assertFalse(text.contains(leak), () -> "error body leaks '" + leak + "': " + response);
        }
        JsonObject error = response.json().getJsonObject("error");
        assertNotNull(error, () -> "no 'error' object: " + response);
        assertEquals(code, error.getString("code", null), () -> "error.code of " + response);
        assertFalse(error.getString("message", "").isBlank(), () -> "error.message missing: " + response);
        JsonObject inner = error.getJsonObject("innerError");
        assertNotNull(inner, () -> "no error.innerError (exactly so cased): " + response);
        String date = inner.getString("date", "");
        assertTrue(date.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"),
                () -> "innerError.date '" + date + "' is not yyyy-MM-ddTHH:mm:ss: " + response);
        Duration skew = Duration.between(LocalDateTime.parse(date), LocalDateTime.now(ZoneOffset.UTC)).abs();
        assertTrue(skew.toMinutes() < 5, () -> "innerError.date " + date + " is not UTC now: " + response);
        String requestId = assertRequestId(response);
        assertEquals(requestId, inner.getString("request-id", null),
                () -> "innerError.request-id differs from the request-id header: " + response);
        if (response.clientRequestId() != null) {
            assertEquals(response.clientRequestId(), inner.getString("client-request-id", null),
                    () -> "innerError.client-request-id not echoed: " + response);
        }
        return error;
    }

    /** The response carries a request-id header (a GUID) and echoes the client-request-id header if one was sent. */
    public static String assertRequestId(Api.Response response) {
        String requestId = response.header("request-id")
                .orElseThrow(() -> new AssertionError("no request-id header: " + response));
        try {
            UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            fail("request-id '" + requestId + "' is not a GUID: " + response);
        }
        if (response.clientRequestId() != null) {
            assertEquals(response.clientRequestId(), response.header("client-request-id").orElse(null),
                    () -> "client-request-id header not echoed: " + response);
        }
        return requestId;
    }

    /** 401 InvalidAuthenticationToken with a Bearer challenge. */
    public static void assertUnauthorized(Api.Response response) {
        assertError(401, "InvalidAuthenticationToken", response);
        String challenge = response.header("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer"), () -> "WWW-Authenticate '" + challenge + "': " + response);
    }

    /** Metadata of an available photo size. Returns its mediaEtag. */
    public static String assertPhotoMetadata(JsonObject metadata, int width, int height) {
        assertEquals("image/jpeg", metadata.getString("@odata.mediaContentType", null), metadata::toString);
        assertEquals(width + "X" + height, metadata.getString("id", null), metadata::toString);
        assertEquals(width, intOf(metadata, "width"), metadata::toString);
        assertEquals(height, intOf(metadata, "height"), metadata::toString);
        String etag = metadata.getString("@odata.mediaEtag", "");
        assertTrue(etag.matches("\"[^\"]+\""), () -> "@odata.mediaEtag is not a quoted string: " + metadata);
        return etag;
    }

    /** The 1x1 body of docs/api.md §2 (no photo, or size not available). */
    public static void assertOneByOne(JsonObject metadata) {
        assertEquals("image/gif", metadata.getString("@odata.mediaContentType", null), metadata::toString);
        assertEquals("", metadata.getString("@odata.mediaEtag", null), metadata::toString);
        assertEquals("1X1", metadata.getString("id", null), metadata::toString);
        assertEquals(1, intOf(metadata, "width"), metadata::toString);
        assertEquals(1, intOf(metadata, "height"), metadata::toString);
    }

    public static int intOf(JsonObject json, String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() != JsonValue.ValueType.NUMBER) {
            fail("'" + name + "' is not a number in " + json);
        }
        return json.getInt(name);
    }
}
