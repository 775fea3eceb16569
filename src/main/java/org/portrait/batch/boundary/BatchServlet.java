package org.portrait.batch.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.portrait.batch.control.BatchItem;
import org.portrait.batch.control.BatchRequests;
import org.portrait.errors.boundary.RequestIds;
import org.portrait.errors.entity.BoundedBodies;
import org.portrait.errors.entity.InvalidRequestException;
import org.portrait.errors.entity.PayloadTooLargeException;
import org.portrait.errors.entity.UnsupportedMediaTypeException;
import org.portrait.graph.boundary.GraphRequests;

/**
 * {@code POST /v1.0/$batch} and {@code /beta/$batch} (docs/api.md §9). Each inner request is
 * forwarded by the container to its url, so it passes the same filters (authentication with the
 * batch's token, the photo fast path) and the same resources, permission checks and error mapping
 * as when sent alone; only its answer is collected here instead of being sent.
 */
@WebServlet({"/v1.0/$batch", "/beta/$batch"})
public class BatchServlet extends HttpServlet {

    private static final Logger LOG = Logger.getLogger(BatchServlet.class.getName());

    private long maxRequestBytes;
    private long maxResponseBytes;

    @Override
    public void init() {
        var config = ConfigProvider.getConfig();
        maxRequestBytes = config.getOptionalValue("portrait.batch.max-bytes", Long.class).orElse(32L * 1024 * 1024);
        maxResponseBytes = config.getOptionalValue("portrait.batch.max-response-bytes", Long.class).orElse(32L * 1024 * 1024);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!"POST".equals(request.getMethod())) {
            response.setHeader("Allow", "POST");
            response.sendError(HttpServletResponse.SC_METHOD_NOT_ALLOWED);
            return;
        }
        List<BatchItem> items;
        try {
            String type = request.getContentType();
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                throw new UnsupportedMediaTypeException("A batch is sent as application/json.");
            }
            items = BatchRequests.read(BoundedBodies.read(request.getInputStream(), maxRequestBytes), version(request));
            BatchRequests.runOrder(items); // a cycle refuses the batch before anything runs
        } catch (RuntimeException refused) {
            // Rendered as Graph error JSON by the error page, like every refusal of a filter.
            request.setAttribute(GraphRequests.FAILURE, refused);
            response.sendError(statusOf(refused));
            return;
        }
        JsonObject answer = run(request, response, items);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        try (var writer = JSON.createWriter(response.getOutputStream())) {
            writer.writeObject(answer);
        }
    }

    private static int statusOf(RuntimeException refused) {
        if (refused instanceof UnsupportedMediaTypeException) {
            return HttpServletResponse.SC_UNSUPPORTED_MEDIA_TYPE;
        }
        if (refused instanceof PayloadTooLargeException) {
            return HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE;
        }
        return refused instanceof InvalidRequestException ? HttpServletResponse.SC_BAD_REQUEST
                : HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
    }

    private JsonObject run(HttpServletRequest request, HttpServletResponse response, List<BatchItem> sent) {
        String version = version(request);
        Map<String, JsonObject> answers = new HashMap<>();
        Map<String, Integer> statuses = new HashMap<>();
        BatchAnswers budget = new BatchAnswers(maxResponseBytes);
        for (BatchItem item : BatchRequests.runOrder(sent)) {
            boolean dependencyFailed = item.dependsOn().stream().map(statuses::get).anyMatch(s -> s < 200 || s > 299);
            JsonObject answer = dependencyFailed
                    ? budget.failedDependency(item, new InnerRequest(request, item))
                    : dispatch(request, response, version, item, budget);
            statuses.put(item.id(), answer.getInt("status"));
            answers.put(item.id(), answer);
        }
        JsonArrayBuilder responses = JSON.createArrayBuilder();
        sent.forEach(item -> responses.add(answers.get(item.id())));
        return JSON.createObjectBuilder().add("responses", responses).build();
    }

    /** {@code v1.0} or {@code beta}, from the servlet path ({@code /v1.0/$batch}). */
    private static String version(HttpServletRequest request) {
        return request.getServletPath().substring(1, request.getServletPath().indexOf('/', 1));
    }

    /** Runs one inner request through the container, as if it had been sent alone. */
    private static JsonObject dispatch(HttpServletRequest request, HttpServletResponse response, String version,
                                       BatchItem item, BatchAnswers answers) {
        InnerRequest inner = new InnerRequest(request, item);
        CapturedResponse captured = new CapturedResponse(response);
        request.removeAttribute(GraphRequests.FAILURE);
        try {
            RequestDispatcher target = request.getServletContext().getRequestDispatcher("/" + version + "/" + item.url());
            if (target == null) {
                captured.sendError(HttpServletResponse.SC_NOT_FOUND);
            } else {
                target.forward(inner, captured);
            }
        } catch (ServletException | IOException | RuntimeException failed) {
            LOG.log(Level.SEVERE, "Request " + RequestIds.requestId(request) + ": inner request " + item.id() + " failed", failed);
            captured.reset();
            captured.sendError(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        }
        JsonObject answer = answers.answer(item, captured, inner);
        request.removeAttribute(GraphRequests.FAILURE);
        return answer;
    }
}
