package org.portrait.batch.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.portrait.batch.control.BatchItem;
import org.portrait.errors.boundary.ContainerErrorPage;
import org.portrait.errors.boundary.GraphError;
import org.portrait.errors.boundary.RequestIds;

/**
 * Turns inner answers into the entries of the batch's {@code responses} (docs/api.md §9), and keeps
 * the batch's answer within its size limit: an entry that would pass it gets its own error instead.
 */
class BatchAnswers {

    /**
     * Headers copied into an entry, under Graph's spelling: clients look {@code Content-Type} and
     * {@code ETag} up case-sensitively.
     */
    private static final List<String> HEADERS = List.of("Content-Type", "ETag", "Cache-Control", "Location",
            "Retry-After", "WWW-Authenticate", "Allow");

    private final long maxBytes;
    private long usedBytes;

    BatchAnswers(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The answer of a request that did not run because a request it depends on failed. */
    JsonObject failedDependency(BatchItem item, HttpServletRequest inner) {
        return error(item, inner, new GraphError(424, "FailedDependency",
                "The request was not run because a request it depends on failed."), Map.of());
    }

    JsonObject answer(BatchItem item, CapturedResponse captured, HttpServletRequest inner) {
        int status = captured.status();
        byte[] body = captured.body();
        if (captured.errorSent() && body.length == 0) {
            // sendError's body is the container's error page, which an inner request does not get.
            return error(item, inner, ContainerErrorPage.errorFor(inner, status), captured.headers());
        }
        JsonObjectBuilder headers = JSON.createObjectBuilder();
        for (String name : HEADERS) {
            List<String> values = captured.headers().get(name);
            if (values != null && !values.isEmpty()) {
                headers.add(name, String.join(", ", values));
            }
        }
        JsonObjectBuilder entry = JSON.createObjectBuilder()
                .add("id", item.id())
                .add("status", status)
                .add("headers", headers);
        if (body.length > 0) {
            JsonValue json = json(captured.getContentType(), body);
            String base64 = json == null ? Base64.getEncoder().encodeToString(body) : null;
            JsonValue embedded = json == null ? JSON.createValue(base64) : json;
            // A base64 string needs no escaping: its length and two quotes. Serializing it again only to
            // measure it cost as much as the rest of a photo's inner request.
            long size = json == null ? base64.length() + 2L : json.toString().length();
            if (usedBytes + size > maxBytes) {
                return error(item, inner, new GraphError(413, "ResponseTooLarge", "This answer would make the batch's "
                        + "answer larger than " + maxBytes + " bytes; send this request on its own or in a smaller batch."), Map.of());
            }
            usedBytes += size;
            entry.add("body", embedded);
        }
        return entry.build();
    }

    /** A JSON body as JSON, to embed; null for anything else (image bytes), which is embedded as base64. */
    private static JsonValue json(String contentType, byte[] body) {
        if (contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
                return reader.readValue();
            } catch (JsonException notJson) {
                // Sent as base64, like any body that is not JSON.
            }
        }
        return null;
    }

    private static JsonObject error(BatchItem item, HttpServletRequest inner, GraphError error,
                                    Map<String, List<String>> headers) {
        JsonObjectBuilder errorHeaders = JSON.createObjectBuilder().add("Content-Type", "application/json");
        for (String name : List.of("WWW-Authenticate", "Retry-After", "Allow")) {
            List<String> values = headers.get(name);
            if (values != null && !values.isEmpty()) {
                errorHeaders.add(name, String.join(", ", values));
            }
        }
        return JSON.createObjectBuilder()
                .add("id", item.id())
                .add("status", error.status())
                .add("headers", errorHeaders)
                .add("body", error.toJson(RequestIds.requestId(inner), RequestIds.clientRequestId(inner)))
                .build();
    }
}
