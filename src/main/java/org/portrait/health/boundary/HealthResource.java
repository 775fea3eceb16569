package org.portrait.health.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.portrait.health.control.DatabaseCheck;
import org.portrait.health.control.HealthCheck;
import org.portrait.health.control.ImageCodecsCheck;
import org.portrait.health.control.Shutdown;
import org.portrait.health.control.TokenKeysCheck;

/**
 * {@code /health/live} and {@code /health/ready}, in MicroProfile Health's JSON shape. Served by the
 * application itself, so "ready" can only answer once Portrait is deployed (a failed deployment leaves
 * Payara up but answering 404). Liveness checks nothing outside the JVM: a database outage must take
 * an instance out of the load balancer (ready), not get it restarted (live).
 */
@RequestScoped
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @Inject
    DatabaseCheck database;

    @Inject
    ImageCodecsCheck images;

    @Inject
    TokenKeysCheck tokenKeys;

    @Inject
    Shutdown shutdown;

    @GET
    @Path("live")
    public Response live() {
        return answer(List.of(new HealthCheck("application", true, Map.of())));
    }

    @GET
    @Path("ready")
    public Response ready() {
        List<HealthCheck> checks = new ArrayList<>(List.of(database.database(), database.schema(), images.codecs()));
        tokenKeys.tokenKeys().ifPresent(checks::add);
        checks.add(shutdown.check());
        return answer(checks);
    }

    private static Response answer(List<HealthCheck> checks) {
        boolean up = checks.stream().allMatch(HealthCheck::up);
        JsonArrayBuilder array = JSON.createArrayBuilder();
        for (HealthCheck check : checks) {
            JsonObjectBuilder data = JSON.createObjectBuilder();
            check.data().forEach(data::add);
            JsonObjectBuilder entry = JSON.createObjectBuilder().add("name", check.name()).add("status", check.up() ? "UP" : "DOWN");
            if (!check.data().isEmpty()) {
                entry.add("data", data);
            }
            array.add(entry);
        }
        return Response.status(up ? 200 : 503)
                .entity(JSON.createObjectBuilder().add("status", up ? "UP" : "DOWN").add("checks", array).build())
                .build();
    }
}
