package org.portrait.health.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.portrait.health.control.DatabaseCheck;

/**
 * {@code /health/live} and {@code /health/ready}. Served by the application itself, so "ready" can
 * only answer once Portrait is deployed (a failed deployment leaves Payara up but answering 404).
 */
@RequestScoped
@Path("health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {

    @Inject
    DatabaseCheck database;

    @GET
    @Path("live")
    public Response live() {
        return answer(true, "application");
    }

    @GET
    @Path("ready")
    public Response ready() {
        return answer(database.answers(), "database");
    }

    private static Response answer(boolean up, String check) {
        JsonObject body = JSON.createObjectBuilder()
                .add("status", up ? "UP" : "DOWN")
                .add("checks", JSON.createArrayBuilder().add(JSON.createObjectBuilder()
                        .add("name", check)
                        .add("status", up ? "UP" : "DOWN")))
                .build();
        return Response.status(up ? 200 : 503).entity(body).build();
    }
}
