package org.portrait.changes.boundary;

import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.portrait.changes.control.ChangeFeed;
import org.portrait.changes.control.ChangeFeed.DeltaPage;
import org.portrait.changes.control.ChangeFeed.Entry;
import org.portrait.changes.control.FeedPosition;
import org.portrait.errors.entity.InvalidRequestException;
import org.portrait.graph.boundary.GraphBase;
import org.portrait.graph.boundary.GraphJson;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerKind;
import org.portrait.photos.control.ProfilePhotos;
import org.portrait.photos.entity.PhotoVariant;

/**
 * {@code GET /{v}/users/delta} and {@code /groups/delta} (docs/api.md §13) in Graph's delta shape:
 * {@code value}, then {@code @odata.nextLink} with a {@code $skiptoken} while the round has more
 * pages, and {@code @odata.deltaLink} with a {@code $deltatoken} on its last page. The caller's
 * permission is checked by the resource before this is asked. The photos are looked up here, not by
 * the feed, so that the feed (which owners' writes record changes in) does not depend on photos.
 */
@ApplicationScoped
public class DeltaResponses {

    static final int DEFAULT_TOP = 100;
    static final int MAX_TOP = 1000;

    private static final List<String> FEED_OPTIONS = List.of("$top", "$skiptoken", "$deltatoken");

    @Inject
    ChangeFeed feed;

    @Inject
    ProfilePhotos photos;

    public JsonObject page(UriInfo uri, String tenantId, OwnerKind kind, String set) {
        MultivaluedMap<String, String> parameters = uri.getQueryParameters();
        MultivaluedMap<String, String> others = new MultivaluedHashMap<>(parameters);
        FEED_OPTIONS.forEach(others::remove);
        if (!ODataQuery.of(others).select().isEmpty()) {
            throw new InvalidRequestException("Query option '$select' is not supported on a delta query.");
        }
        int top = top(parameters.getFirst("$top"));
        String skipToken = parameters.getFirst("$skiptoken");
        String deltaToken = parameters.getFirst("$deltatoken");
        DeltaPage page;
        if (skipToken != null) {
            page = feed.page(tenantId, FeedPosition.ofSkipToken(kind, skipToken), top);
        } else if (deltaToken != null) {
            page = feed.since(tenantId, kind, FeedPosition.ofDeltaToken(kind, deltaToken), top);
        } else {
            page = feed.start(tenantId, kind, top);
        }
        String base = GraphBase.of(uri);
        Map<String, PhotoVariant> largest = photos.largestOf(
                page.entries().stream().filter(e -> e.owner() != null).map(e -> e.owner().key()).toList());
        JsonArrayBuilder value = JSON.createArrayBuilder();
        for (Entry entry : page.entries()) {
            value.add(entry.owner() == null ? removed(entry.objectId()) : object(entry.owner(), largest));
        }
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("@odata.context", base + "/$metadata#" + set);
        if (page.next() != null) {
            json.add("@odata.nextLink", base + "/" + set + "/delta?$skiptoken=" + page.next().skipToken()
                    + (parameters.containsKey("$top") ? "&$top=" + top : ""));
        } else {
            json.add("@odata.deltaLink", base + "/" + set + "/delta?$deltatoken=" + page.deltaToken());
        }
        return json.add("value", value).build();
    }

    static int top(String text) {
        if (text == null) {
            return DEFAULT_TOP;
        }
        try {
            int top = Integer.parseInt(text.trim());
            if (top >= 1 && top <= MAX_TOP) {
                return top;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequestException("Invalid $top '" + text + "': a page holds 1 to " + MAX_TOP + " objects.");
    }

    private static JsonObject removed(String objectId) {
        return JSON.createObjectBuilder()
                .add("id", objectId)
                .add("@removed", JSON.createObjectBuilder().add("reason", "deleted"))
                .build();
    }

    private static JsonObject object(Owner owner, Map<String, PhotoVariant> photos) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("id", owner.objectId());
        GraphJson.put(json, "displayName", owner.displayName());
        if (owner.kind() == OwnerKind.USER) {
            GraphJson.put(json, "userPrincipalName", owner.userPrincipalName());
        }
        PhotoVariant photo = photos.get(owner.key());
        if (photo == null) {
            json.addNull("photo");
        } else {
            json.add("photo", JSON.createObjectBuilder()
                    .add("id", photo.size().id())
                    .add("width", photo.width())
                    .add("height", photo.height())
                    .add("@odata.mediaEtag", photo.etag()));
        }
        return json.build();
    }
}
