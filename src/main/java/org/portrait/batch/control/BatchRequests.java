package org.portrait.batch.control;

import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.portrait.errors.entity.InvalidRequestException;

/**
 * Reads a {@code $batch} body (docs/api.md §9) and checks all of it before anything runs: a batch
 * that breaks a rule is refused whole, so a client never has to find out which half of it ran.
 */
public final class BatchRequests {

    /** Graph's limit, which clients (the SDKs' BatchRequestContent) split their batches by. */
    public static final int MAX_REQUESTS = 20;

    private static final Set<String> METHODS = Set.of("GET", "PUT", "PATCH", "POST", "DELETE");

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    /** A data URL's prefix, as browsers' FileReader.readAsDataURL makes it for a Blob body. */
    private static final Pattern DATA_URL = Pattern.compile("^data:[^,]*;base64,");

    private BatchRequests() {
    }

    /**
     * The inner requests as sent.
     *
     * @param version the batch's own version ({@code v1.0} or {@code beta})
     * @throws InvalidRequestException (400) when the batch is malformed in any way
     */
    public static List<BatchItem> read(byte[] body, String version) {
        JsonArray requests = requestsOf(body);
        if (requests.isEmpty() || requests.size() > MAX_REQUESTS) {
            throw invalid("A batch holds 1 to " + MAX_REQUESTS + " requests; this one has " + requests.size() + ".");
        }
        List<BatchItem> items = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (JsonValue request : requests) {
            BatchItem item = item(request, version);
            if (!ids.add(item.id())) {
                throw invalid("The request id '" + item.id() + "' occurs more than once in the batch.");
            }
            items.add(item);
        }
        for (BatchItem item : items) {
            for (String dependency : item.dependsOn()) {
                if (!ids.contains(dependency)) {
                    throw invalid("Request '" + item.id() + "' depends on '" + dependency + "', which is not in the batch.");
                }
            }
        }
        return items;
    }

    /**
     * The order to run the items in: each after the requests it depends on, otherwise as sent.
     *
     * @throws InvalidRequestException (400) when dependencies form a cycle
     */
    public static List<BatchItem> runOrder(List<BatchItem> items) {
        List<BatchItem> order = new ArrayList<>();
        Set<String> done = new HashSet<>();
        List<BatchItem> waiting = new ArrayList<>(items);
        while (!waiting.isEmpty()) {
            BatchItem next = waiting.stream()
                    .filter(item -> done.containsAll(item.dependsOn()))
                    .findFirst()
                    .orElseThrow(() -> invalid("The dependsOn of the batch's requests form a cycle."));
            waiting.remove(next);
            done.add(next.id());
            order.add(next);
        }
        return order;
    }

    private static JsonArray requestsOf(byte[] body) {
        try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
            JsonValue value = reader.readValue();
            if (value instanceof JsonObject batch && batch.get("requests") instanceof JsonArray requests) {
                return requests;
            }
        } catch (JsonException | IllegalStateException notJson) {
            throw invalid("The batch body is not valid JSON.");
        }
        throw invalid("The batch body must be a JSON object with a \"requests\" array.");
    }

    private static BatchItem item(JsonValue value, String version) {
        if (!(value instanceof JsonObject request)) {
            throw invalid("Every entry of \"requests\" must be a JSON object.");
        }
        String id = string(request, "id");
        String method = string(request, "method").toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw invalid("Request '" + id + "': the method must be one of " + String.join(", ", METHODS) + ".");
        }
        String url = url(id, string(request, "url"), version);
        Map<String, String> headers = headers(id, request.get("headers"));
        return new BatchItem(id, method, url, headers, body(id, request.get("body"), headers), dependsOn(id, request.get("dependsOn")));
    }

    private static String string(JsonObject request, String name) {
        if (request.get(name) instanceof JsonString text && !text.getString().isBlank()) {
            return text.getString();
        }
        throw invalid("Every request needs \"" + name + "\" as a non-empty string.");
    }

    /**
     * A url relative to the version. The Graph JavaScript client's BatchRequestContent keeps the
     * version in it ({@code /v1.0/me}): the batch's own version is taken off. Absolute URLs, the other
     * version, dot segments and a nested {@code $batch} would reach something other than this
     * version's Graph resources.
     */
    static String url(String id, String url, String version) {
        String relative = url.startsWith("/") ? url.substring(1) : url;
        String prefix = version + "/";
        if (relative.regionMatches(true, 0, prefix, 0, prefix.length())) {
            relative = relative.substring(prefix.length());
        }
        if (relative.startsWith("/") || SCHEME.matcher(relative).find()) {
            throw invalid("Request '" + id + "': the url must be relative to the version, such as /users/{id}/photo/$value.");
        }
        if (!relative.chars().allMatch(c -> c > 0x20 && c < 0x7F && c != '\\' && c != '#')) {
            throw invalid("Request '" + id + "': the url contains a character that must be percent-encoded.");
        }
        int queryStart = relative.indexOf('?');
        String path = queryStart < 0 ? relative : relative.substring(0, queryStart);
        String[] segments = path.split("/", -1);
        for (String segment : segments) {
            String decoded = decoded(id, segment);
            if (decoded.equals(".") || decoded.equals("..") || decoded.contains("/") || decoded.contains("\\")) {
                throw invalid("Request '" + id + "': the url must not contain dot segments or escaped slashes.");
            }
        }
        String first = decoded(id, segments[0]).toLowerCase(Locale.ROOT);
        if (first.equals("$batch")) {
            throw invalid("Request '" + id + "': a batch cannot contain another $batch.");
        }
        if (first.equals("v1.0") || first.equals("beta")) {
            throw invalid("Request '" + id + "': a batch on /" + version + " cannot run requests on /" + segments[0] + ".");
        }
        return relative;
    }

    private static String decoded(String id, String segment) {
        try {
            return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            throw invalid("Request '" + id + "': the url has a malformed percent escape.");
        }
    }

    private static Map<String, String> headers(String id, JsonValue value) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (value == null || value == JsonValue.NULL) {
            return headers;
        }
        if (!(value instanceof JsonObject object)) {
            throw invalid("Request '" + id + "': \"headers\" must be a JSON object.");
        }
        object.forEach((name, header) -> {
            if (!(header instanceof JsonString text) || !name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")
                    || !text.getString().chars().allMatch(c -> c >= 0x20 && c != 0x7F || c == '\t')) {
                throw invalid("Request '" + id + "': the header '" + name + "' must be a valid name with a string value.");
            }
            headers.put(name, text.getString());
        });
        return headers;
    }

    /** JSON bodies are embedded as JSON; any other body is a base64 string (an image to upload). */
    private static byte[] body(String id, JsonValue body, Map<String, String> headers) {
        if (body == null || body == JsonValue.NULL) {
            return new byte[0];
        }
        String contentType = new BatchItem(id, "", "", headers, null, List.of()).header("Content-Type");
        if (contentType == null) {
            throw invalid("Request '" + id + "' has a body but no Content-Type header.");
        }
        String mediaType = contentType.toLowerCase(Locale.ROOT);
        if (mediaType.startsWith("application/json") || mediaType.matches("^[^;]*\\+json.*")) {
            return body.toString().getBytes(StandardCharsets.UTF_8);
        }
        if (!(body instanceof JsonString text)) {
            throw invalid("Request '" + id + "': a body of type " + contentType + " must be a base64 string.");
        }
        try {
            return Base64.getDecoder().decode(DATA_URL.matcher(text.getString().strip()).replaceFirst("").replaceAll("\\s", ""));
        } catch (IllegalArgumentException notBase64) {
            throw invalid("Request '" + id + "': the body is not valid base64.");
        }
    }

    private static List<String> dependsOn(String id, JsonValue value) {
        if (value == null || value == JsonValue.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray array) || !array.stream().allMatch(JsonString.class::isInstance)) {
            throw invalid("Request '" + id + "': \"dependsOn\" must be an array of request ids.");
        }
        List<String> ids = array.getValuesAs(JsonString::getString);
        if (ids.contains(id)) {
            throw invalid("Request '" + id + "' depends on itself.");
        }
        return ids.stream().distinct().toList();
    }

    private static InvalidRequestException invalid(String message) {
        return new InvalidRequestException(message);
    }
}
