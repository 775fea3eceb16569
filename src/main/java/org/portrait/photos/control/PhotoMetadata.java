package org.portrait.photos.control;

import org.portrait.owners.control.ResolvedOwner;
import org.portrait.photos.entity.PhotoSize;

/** Metadata of one photo size of an owner; {@code etag} is null for Graph's 1x1 "no photo" answer. */
public record PhotoMetadata(ResolvedOwner owner, PhotoSize size, String etag) {

    static final PhotoSize NO_PHOTO = new PhotoSize(1, 1);

    static PhotoMetadata none(ResolvedOwner owner) {
        return new PhotoMetadata(owner, NO_PHOTO, null);
    }

    public boolean available() {
        return etag != null;
    }
}
