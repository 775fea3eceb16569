package org.portrait.directory.boundary;

import java.util.List;
import java.util.Optional;
import org.portrait.graph.boundary.CaseInsensitivePaths;
import org.portrait.graph.boundary.GraphRequests;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.owners.entity.OwnerPath.ContactPath;
import org.portrait.owners.entity.OwnerPath.GroupPath;
import org.portrait.owners.entity.OwnerPath.UserPath;
import org.portrait.owners.entity.UserSelector;

/**
 * The paths of a photo's bytes, read the way the JAX-RS templates of this package read them
 * ({@code /{version}/P/photo/$value}, {@code P/photos/{size}/$value}, {@code P/photo/{size}/$value}
 * for every owner path P), for {@link PhotoValueFastPath}. Only plain spellings are recognised: empty
 * segments, matrix parameters or anything else unusual are left to JAX-RS.
 */
record PhotoValuePath(OwnerPath owner, Optional<String> size) {

    static Optional<PhotoValuePath> parse(String rawPath) {
        try {
            return read(rawPath);
        } catch (IllegalArgumentException unusual) {
            return Optional.empty();
        }
    }

    private static Optional<PhotoValuePath> read(String rawPath) {
        if (rawPath.indexOf(';') >= 0 || rawPath.contains("//") || !rawPath.startsWith("/")) {
            return Optional.empty();
        }
        List<String> s = List.of(CaseInsensitivePaths.canonical(rawPath).substring(1).split("/", -1));
        int last = s.size() - 1;
        if (s.size() < 4 || !s.get(last).equals("$value") || !(s.get(0).equals("v1.0") || s.get(0).equals("beta"))) {
            return Optional.empty();
        }
        // The photo part: photo/$value, photos/{size}/$value or photo/{size}/$value.
        int photo;
        Optional<String> size;
        if (s.get(last - 1).equals("photo")) {
            photo = last - 1;
            size = Optional.empty();
        } else if (s.get(last - 2).equals("photo") || s.get(last - 2).equals("photos")) {
            photo = last - 2;
            size = Optional.of(decoded(s.get(last - 1)));
        } else {
            return Optional.empty();
        }
        return owner(s.subList(1, photo)).map(owner -> new PhotoValuePath(owner, size));
    }

    /** me, users/{u}, groups/{g}, teams/{t}, and contacts below me or users/{u}, in a folder or not. */
    private static Optional<OwnerPath> owner(List<String> s) {
        if (s.isEmpty()) {
            return Optional.empty();
        }
        if (s.size() == 2 && (s.get(0).equals("groups") || s.get(0).equals("teams"))) {
            return Optional.of(new GroupPath(decoded(s.get(1)), s.get(0).equals("teams")));
        }
        UserSelector user;
        List<String> rest;
        if (s.get(0).equals("me")) {
            user = UserSelector.ME;
            rest = s.subList(1, s.size());
        } else if (s.get(0).equals("users") && s.size() >= 2) {
            user = UserSelector.of(decoded(s.get(1)));
            rest = s.subList(2, s.size());
        } else {
            return Optional.empty();
        }
        if (rest.isEmpty()) {
            return Optional.of(new UserPath(user));
        }
        if (rest.size() == 2 && rest.get(0).equals("contacts")) {
            return Optional.of(new ContactPath(user, null, decoded(rest.get(1))));
        }
        if (rest.size() == 4 && rest.get(0).equals("contactFolders") && rest.get(2).equals("contacts")) {
            return Optional.of(new ContactPath(user, decoded(rest.get(1)), decoded(rest.get(3))));
        }
        return Optional.empty();
    }

    /** A decoded id; one that is empty, a dot segment, or holds a slash or an undecodable escape is unusual. */
    private static String decoded(String segment) {
        String value = GraphRequests.decoded(segment);
        if (value.isEmpty() || value.equals(".") || value.equals("..") || value.indexOf('%') >= 0
                || value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
            throw new IllegalArgumentException(segment);
        }
        return value;
    }
}
