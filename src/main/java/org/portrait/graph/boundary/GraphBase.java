package org.portrait.graph.boundary;

import jakarta.ws.rs.core.UriInfo;

/** The request's own service root, such as {@code http://host:8080/v1.0}, for {@code @odata} URLs. */
public final class GraphBase {

    private GraphBase() {
    }

    public static String of(UriInfo uri) {
        String root = uri.getBaseUri().toString();
        if (root.endsWith("/")) {
            root = root.substring(0, root.length() - 1);
        }
        return root + "/" + uri.getPathParameters().getFirst("version");
    }

    /** An OData key literal: single quotes are doubled. */
    public static String key(String id) {
        return "'" + id.replace("'", "''") + "'";
    }
}
