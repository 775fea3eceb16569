package org.portrait.photos.boundary;

import static org.portrait.graph.boundary.GraphBase.key;
import static org.portrait.graph.boundary.GraphJson.JSON;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.Set;
import org.portrait.graph.boundary.ODataQuery;
import org.portrait.owners.control.ResolvedOwner;
import org.portrait.owners.entity.Owner;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.photos.control.PhotoMetadata;
import org.portrait.photos.entity.PhotoSize;

/** profilePhoto JSON as Graph writes it (docs/api.md §3). */
public final class PhotoJson {

    /** What {@code $select} keeps besides the selected properties. */
    public static final Set<String> KEPT_ON_SELECT = Set.of("@odata.context");

    private PhotoJson() {
    }

    public static JsonObject photo(String base, OwnerPath path, PhotoMetadata photo) {
        return entity(base, path, photo, "/photo/$entity", "/photo");
    }

    public static JsonObject sized(String base, OwnerPath path, PhotoMetadata photo) {
        return entity(base, path, photo, "/photos/$entity", "/photos(" + key(photo.size().id()) + ")");
    }

    public static JsonObject list(String base, OwnerPath path, ResolvedOwner owner, List<PhotoMetadata> photos, ODataQuery query) {
        // Checked up front as well, so that an empty list refuses a bad $select like a full one.
        query.requireKnown(properties(new PhotoMetadata(owner, new PhotoSize(1, 1), null), JSON.createObjectBuilder()).build().keySet());
        JsonArrayBuilder value = JSON.createArrayBuilder();
        for (PhotoMetadata photo : photos) {
            value.add(query.apply(properties(photo, JSON.createObjectBuilder()
                    .add("@odata.id", base + "/" + idPath(owner) + "/photos(" + key(photo.size().id()) + ")")).build(), Set.of()));
        }
        return JSON.createObjectBuilder()
                .add("@odata.context", base + "/$metadata#" + contextPath(path, owner) + "/photos")
                .add("value", value)
                .build();
    }

    private static JsonObject entity(String base, OwnerPath path, PhotoMetadata photo, String contextSuffix,
                                     String idSuffix) {
        JsonObjectBuilder json = JSON.createObjectBuilder()
                .add("@odata.context", base + "/$metadata#" + contextPath(path, photo.owner()) + contextSuffix)
                .add("@odata.id", base + "/" + idPath(photo.owner()) + idSuffix);
        return properties(photo, json).build();
    }

    private static JsonObjectBuilder properties(PhotoMetadata photo, JsonObjectBuilder json) {
        return json
                .add("@odata.mediaContentType", photo.available() ? "image/jpeg" : "image/gif")
                .add("@odata.mediaEtag", photo.available() ? photo.etag() : "")
                .add("id", photo.size().id())
                .add("width", photo.size().width())
                .add("height", photo.size().height());
    }

    /** How the request named the owner, for {@code @odata.context}: {@code Me}, {@code users('id')}, … */
    private static String contextPath(OwnerPath path, ResolvedOwner owner) {
        if (path instanceof OwnerPath.UserPath user && user.user().me()) {
            return "Me";
        }
        if (path instanceof OwnerPath.GroupPath group) {
            return (group.team() ? "teams(" : "groups(") + key(group.groupId()) + ")";
        }
        if (path instanceof OwnerPath.ContactPath contact && owner.folder() != null) {
            return "users(" + key(owner.user().objectId()) + ")/contactFolders(" + key(owner.folder().objectId())
                    + ")/contacts(" + key(owner.owner().objectId()) + ")";
        }
        if (path instanceof OwnerPath.ContactPath) {
            return idPath(owner);
        }
        return "users(" + key(owner.owner().objectId()) + ")";
    }

    /** The canonical owner path for {@code @odata.id}: users are {@code users('oid@tid')} as in Graph. */
    private static String idPath(ResolvedOwner resolved) {
        Owner owner = resolved.owner();
        return switch (owner.kind()) {
            case USER -> "users(" + key(owner.objectId() + "@" + owner.tenantId()) + ")";
            case GROUP -> "groups(" + key(owner.objectId()) + ")";
            default -> "users(" + key(resolved.user().objectId()) + ")/contacts(" + key(owner.objectId()) + ")";
        };
    }
}
