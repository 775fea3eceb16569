package org.portrait.web.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.portrait.photos.entity.EntityTags;

/**
 * Serves the page's three files from the WAR. The JAX-RS application is mapped to {@code /*} (Graph URLs
 * start at the root), so the container's default servlet never sees a request; this resource takes
 * {@code /}, {@code /app.js} and {@code /app.css} and nothing else, so every other path stays a Graph 404.
 */
@ApplicationScoped
@Path("/")
public class WebPageResource {

    /** The files of the page and their media types: an allow-list, never a path from the request. */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=UTF-8",
            "app.js", "text/javascript; charset=UTF-8",
            "app.css", "text/css; charset=UTF-8");

    /**
     * The page holds a bearer token: scripts only from this server, no inline script, no framing,
     * images from this server (photo links) and from the blob: URL of the chosen file's preview.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' blob:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

    private final Map<String, StaticFile> loaded = new ConcurrentHashMap<>();

    @Inject
    ServletContext servletContext;

    @GET
    public Response page(@Context Request request) {
        return serve("index.html", request);
    }

    @GET
    @Path("{file: app\\.js|app\\.css}")
    public Response asset(@PathParam("file") String file, @Context Request request) {
        return serve(file, request);
    }

    private Response serve(String name, Request request) {
        StaticFile file = loaded.computeIfAbsent(name, this::load);
        CacheControl revalidate = new CacheControl();
        revalidate.setNoCache(true);
        // no-cache, not max-age: a new deployment is seen on the next load, and the ETag makes that a 304.
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(file.tag());
        Response.ResponseBuilder response = unchanged != null ? unchanged
                : Response.ok(file.bytes(), FILES.get(name)).header(HttpHeaders.CONTENT_LENGTH, file.bytes().length);
        return response.tag(file.tag())
                .cacheControl(revalidate)
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .build();
    }

    private StaticFile load(String name) {
        try (InputStream in = servletContext.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new NotFoundException();
            }
            byte[] bytes = in.readAllBytes();
            return new StaticFile(bytes, new EntityTag(EntityTags.opaque(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record StaticFile(byte[] bytes, EntityTag tag) {
    }
}
