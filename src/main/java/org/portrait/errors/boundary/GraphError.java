package org.portrait.errors.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** One Graph error: HTTP status, Graph error code and a message safe to show any client. */
public record GraphError(int status, String code, String message) {

    private static final DateTimeFormatter GRAPH_DATE = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    /** The error the container itself answers with for a bare status code. */
    public static GraphError forStatus(int status) {
        return switch (status) {
            case 400 -> new GraphError(400, "BadRequest", "The request is malformed or incorrect.");
            case 401 -> new GraphError(401, "InvalidAuthenticationToken",
                    "Access token is missing, malformed, expired or not valid for this service.");
            case 403 -> new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
            case 404 -> new GraphError(404, "Request_ResourceNotFound", "The requested resource does not exist.");
            case 405 -> new GraphError(405, "MethodNotAllowed", "The HTTP method is not allowed on this resource.");
            case 406 -> new GraphError(406, "NotAcceptable", "The requested representation is not available.");
            case 413 -> new GraphError(413, "RequestEntityTooLarge", "The request body is too large.");
            case 415 -> new GraphError(415, "UnsupportedMediaType", "The content type of the request body is not supported.");
            case 503 -> new GraphError(503, "ServiceUnavailable", "The service is temporarily unavailable. Retry later.");
            default -> status >= 500
                    ? new GraphError(status, "InternalServerError", "An internal server error occurred.")
                    : new GraphError(status, "BadRequest", "The request could not be processed.");
        };
    }

    public GraphError withMessage(String newMessage) {
        return new GraphError(status, code, newMessage == null || newMessage.isBlank() ? message : newMessage);
    }

    public JsonObject toJson(String requestId, String clientRequestId) {
        JsonObjectBuilder inner = JSON.createObjectBuilder()
                .add("date", LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(GRAPH_DATE))
                .add("request-id", requestId == null ? "" : requestId);
        if (clientRequestId != null) {
            inner.add("client-request-id", clientRequestId);
        }
        return JSON.createObjectBuilder()
                .add("error", JSON.createObjectBuilder()
                        .add("code", code)
                        .add("message", message)
                        .add("innerError", inner))
                .build();
    }
}
