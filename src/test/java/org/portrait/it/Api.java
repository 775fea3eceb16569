package org.portrait.it;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A small HTTP client for black-box tests: {@code api.get("/v1.0/me/photo").bearer(token).send()}.
 * <p>
 * Paths are sent exactly as written (so {@code $value} and {@code %40} reach the server untouched). Every request
 * carries a fresh {@code client-request-id}, like the Graph SDKs do, unless {@link Request#noClientRequestId()}.
 */
public final class Api {

    /** The JSON-P implementation for tests (Parsson, a test dependency). */
    public static final JsonProvider JSON = JsonProvider.provider();

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final String origin;

    /** @param origin scheme://host:port, no trailing slash (the application is at context root /) */
    public Api(String origin) {
        this.origin = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    }

    /** The origin of an Arquillian deployment URL (the application is served at /). */
    public static Api at(URL deployment) {
        return new Api(deployment.getProtocol() + "://" + deployment.getHost() + ":" + deployment.getPort());
    }

    public String origin() {
        return origin;
    }

    /** The path and query of an absolute URL this server handed out (a link, a next or delta link). */
    public String pathOf(String url) {
        if (!url.startsWith(origin + "/")) {
            throw new IllegalArgumentException(url + " is not a URL of " + origin);
        }
        return url.substring(origin.length());
    }

    public Request get(String path) {
        return request("GET", path);
    }

    public Request put(String path, byte[] body, String contentType) {
        return request("PUT", path).body(body, contentType);
    }

    public Request patch(String path, byte[] body, String contentType) {
        return request("PATCH", path).body(body, contentType);
    }

    public Request post(String path, JsonObject json) {
        return request("POST", path).json(json);
    }

    public Request delete(String path) {
        return request("DELETE", path);
    }

    public Request request(String method, String path) {
        return new Request(method, path);
    }

    /** One request being built. */
    public final class Request {
        private final String method;
        private final String path;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body;
        private boolean chunked;

        private Request(String method, String path) {
            this.method = method;
            this.path = path.startsWith("/") ? path : "/" + path;
            headers.put("client-request-id", UUID.randomUUID().toString());
        }

        public Request bearer(String token) {
            return header("Authorization", "Bearer " + token);
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request noClientRequestId() {
            headers.remove("client-request-id");
            return this;
        }

        public Request body(byte[] bytes, String contentType) {
            this.body = bytes;
            if (contentType != null) {
                headers.put("Content-Type", contentType);
            }
            return this;
        }

        /** Sends the body with Transfer-Encoding: chunked (no Content-Length), as a streaming client does. */
        public Request chunked() {
            this.chunked = true;
            return this;
        }

        public Request json(JsonObject json) {
            return body(json.toString().getBytes(StandardCharsets.UTF_8), "application/json");
        }

        public Response send() {
            HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(origin + path))
                    .timeout(Duration.ofSeconds(60))
                    .method(method, publisher());
            headers.forEach(builder::header);
            try {
                HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Response(method + " " + path, headers.get("client-request-id"), response.statusCode(),
                        response.headers().map(), response.body());
            } catch (IOException e) {
                throw new UncheckedIOException(method + " " + path + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private HttpRequest.BodyPublisher publisher() {
            if (body == null) {
                return HttpRequest.BodyPublishers.noBody();
            }
            if (chunked) {
                byte[] bytes = body;
                return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
            }
            return HttpRequest.BodyPublishers.ofByteArray(body);
        }
    }

    /**
     * A received response.
     *
     * @param request         "METHOD path", for assertion messages
     * @param clientRequestId the client-request-id sent, or null
     */
    public record Response(String request, String clientRequestId, int status, Map<String, List<String>> headers,
                           byte[] body) {

        /** First value of a header (case-insensitive name). */
        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        /** All values of a header, joined by ", " (case-insensitive name); empty string if absent. */
        public String headerValues(String name) {
            return String.join(", ", headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .toList());
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonObject json() {
            try (JsonReader reader = JSON.createReader(new ByteArrayInputStream(body))) {
                return reader.readObject();
            } catch (JsonException e) {
                throw new AssertionError(this + " is not a JSON object", e);
            }
        }

        @Override
        public String toString() {
            String shown = body.length > 600 ? text().substring(0, 600) + "..." : text();
            boolean binary = header("Content-Type").map(t -> t.startsWith("image/")).orElse(false);
            return request + " -> " + status + " " + (binary ? "<" + body.length + " bytes>" : shown);
        }
    }
}
