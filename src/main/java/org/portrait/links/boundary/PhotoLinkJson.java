package org.portrait.links.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.UriInfo;
import java.time.format.DateTimeFormatter;
import org.portrait.links.control.PhotoLinks.PhotoLink;

/** The answer of {@code P/photo/link} and {@code P/photos/{size}/link} (docs/api.md §12). */
public final class PhotoLinkJson {

    private PhotoLinkJson() {
    }

    public static JsonObject of(UriInfo uri, PhotoLink link) {
        return JSON.createObjectBuilder()
                .add("url", PhotoLinkResource.url(uri, link.token()))
                .add("expirationDateTime", DateTimeFormatter.ISO_INSTANT.format(link.expires()))
                .add("width", link.size().width())
                .add("height", link.size().height())
                .add("@odata.mediaEtag", link.etag())
                .build();
    }
}
