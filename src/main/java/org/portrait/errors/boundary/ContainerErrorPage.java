package org.portrait.errors.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.portrait.graph.boundary.GraphRequests;
import org.portrait.metrics.control.PortraitMetrics;

/**
 * The web.xml error page: turns errors the container makes itself (unmapped paths, 500s outside
 * JAX-RS) and the refusals of Portrait's own servlet filters (the authentication filter's 401 for a
 * missing or bad token among them) into Graph error JSON.
 */
@WebServlet(ContainerErrorPage.PATH)
public class ContainerErrorPage extends HttpServlet {

    static final String PATH = "/_portrait/error";

    @Inject
    PortraitMetrics metrics;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer value ? value : HttpServletResponse.SC_NOT_FOUND;
        GraphError error = errorFor(request, status);
        metrics.error(status);
        response.setStatus(status);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", GraphErrorMapper.BEARER_CHALLENGE);
        }
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        try (var writer = JSON.createWriter(response.getWriter())) {
            writer.writeObject(error.toJson(RequestIds.requestId(request), RequestIds.clientRequestId(request)));
        }
    }

    /**
     * The error for a status sent with {@code sendError}: a filter that refused the request left its
     * reason (GraphRequests.FAILURE); the container's own errors have none. Also used by $batch, whose
     * inner requests get no error page from the container.
     */
    public static GraphError errorFor(HttpServletRequest request, int status) {
        return request.getAttribute(GraphRequests.FAILURE) instanceof Throwable failure
                ? GraphErrorMapper.errorFor(failure)
                : GraphError.forStatus(status);
    }
}
