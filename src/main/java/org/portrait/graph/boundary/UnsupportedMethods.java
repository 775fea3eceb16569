package org.portrait.graph.boundary;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * OPTIONS is not part of the contract ("any other method: 405"); JAX-RS runtimes would otherwise
 * answer it themselves, Jersey with a description of every resource.
 */
@Provider
@PreMatching
public class UnsupportedMethods implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())) {
            throw new WebApplicationException(Response.Status.METHOD_NOT_ALLOWED);
        }
    }
}
