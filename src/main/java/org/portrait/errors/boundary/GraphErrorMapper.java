package org.portrait.errors.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.portrait.errors.entity.InvalidRequestException;
import org.portrait.errors.entity.PayloadTooLargeException;
import org.portrait.errors.entity.DatabaseFailures;
import org.portrait.errors.entity.UnsupportedMediaTypeException;
import org.portrait.health.control.DatabaseOutages;
import org.portrait.images.control.DecodersBusyException;
import org.portrait.images.control.InvalidImageException;
import org.portrait.metrics.control.PortraitMetrics;
import org.portrait.owners.control.OwnerNotFoundException;
import org.portrait.photos.control.ImageNotFoundException;
import org.portrait.access.control.AccessDeniedException;
import org.portrait.changes.control.SyncStateNotFoundException;
import org.portrait.security.control.UnauthenticatedException;

/**
 * The one place where failures become Graph errors: domain exceptions by type, JAX-RS's own
 * (unknown path, wrong method, wrong media type) by status, database failures as
 * {@link DatabaseFailures} classifies them (whichever layer reported them: 503 when the database is
 * unavailable), and anything else as a 500 that is logged here, with its stack trace, and never shown
 * to the client.
 */
@Provider
public class GraphErrorMapper implements ExceptionMapper<Throwable> {

    static final String BEARER_CHALLENGE = "Bearer realm=\"Portrait\"";

    /** Seconds a client should wait before retrying a 503 (database unavailable, decoders busy). */
    static final int RETRY_AFTER_SECONDS = 5;

    private static final Logger LOG = Logger.getLogger(GraphErrorMapper.class.getName());

    @Context
    HttpServletRequest request;

    @Override
    public Response toResponse(Throwable failure) {
        return respond(failure, request);
    }

    static Response respond(Throwable failure, HttpServletRequest request) {
        DatabaseFailures.Kind database = DatabaseFailures.classify(failure);
        GraphError error = errorFor(failure, database);
        PortraitMetrics.current().error(error.status());
        if (error.status() == 500) {
            LOG.log(Level.SEVERE, "Request " + RequestIds.requestId(request) + " failed", failure);
        } else if (database == DatabaseFailures.Kind.UNAVAILABLE) {
            // Expected while the database is down: a few lines per outage, no stack trace (docs/database-outages.md).
            DatabaseOutages.current().refused(RequestIds.requestId(request), rootCause(failure));
        } else if (error.status() == 503) {
            LOG.warning(() -> "Request " + RequestIds.requestId(request) + ": service unavailable: " + rootCause(failure));
        }
        Response.ResponseBuilder response = Response.status(error.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(error.toJson(RequestIds.requestId(request), RequestIds.clientRequestId(request)));
        if (error.status() == 401) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, BEARER_CHALLENGE);
        }
        if (error.status() == 503) {
            response.header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
        }
        if (failure instanceof WebApplicationException web && error.status() == 405) {
            response.header(HttpHeaders.ALLOW, allowedWithoutOptions(web.getResponse().getHeaderString(HttpHeaders.ALLOW)));
        }
        return response.build();
    }

    /** The innermost cause's message, one line: an outage must not bury the log in stack traces. */
    static String rootCause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + String.valueOf(root.getMessage()).lines().findFirst().orElse("");
    }

    /** The runtime lists OPTIONS among the allowed methods, but Portrait refuses it (UnsupportedMethods). */
    static String allowedWithoutOptions(String allow) {
        if (allow == null) {
            return null;
        }
        return Arrays.stream(allow.split(","))
                .map(String::trim)
                .filter(method -> !method.isEmpty() && !method.equalsIgnoreCase("OPTIONS"))
                .collect(Collectors.joining(", "));
    }

    static GraphError errorFor(Throwable failure) {
        return errorFor(failure, DatabaseFailures.classify(failure));
    }

    private static GraphError errorFor(Throwable failure, DatabaseFailures.Kind database) {
        if (failure instanceof InvalidRequestException invalid) {
            return new GraphError(400, invalid.code(), invalid.getMessage());
        }
        if (failure instanceof InvalidImageException) {
            return new GraphError(400, "InvalidImage", failure.getMessage());
        }
        if (failure instanceof UnauthenticatedException) {
            return GraphError.forStatus(401).withMessage(failure.getMessage());
        }
        if (failure instanceof AccessDeniedException) {
            return new GraphError(403, "ErrorAccessDenied", failure.getMessage());
        }
        if (failure instanceof OwnerNotFoundException) {
            return new GraphError(404, "Request_ResourceNotFound", failure.getMessage());
        }
        if (failure instanceof ImageNotFoundException) {
            return new GraphError(404, "ImageNotFound", failure.getMessage());
        }
        if (failure instanceof SyncStateNotFoundException) {
            return new GraphError(410, "SyncStateNotFound", failure.getMessage());
        }
        if (failure instanceof DecodersBusyException) {
            return GraphError.forStatus(503).withMessage(failure.getMessage());
        }
        if (failure instanceof PayloadTooLargeException) {
            return new GraphError(413, "RequestEntityTooLarge", failure.getMessage());
        }
        if (failure instanceof UnsupportedMediaTypeException) {
            return GraphError.forStatus(415).withMessage(failure.getMessage());
        }
        if (failure instanceof WebApplicationException web) {
            return GraphError.forStatus(web.getResponse().getStatus());
        }
        return switch (database) {
            case UNAVAILABLE -> GraphError.forStatus(503);
            case UNIQUE_VIOLATION -> new GraphError(400, "Request_BadRequest", "Another object with the same id or userPrincipalName already exists.");
            case OTHER -> GraphError.forStatus(500);
        };
    }
}
