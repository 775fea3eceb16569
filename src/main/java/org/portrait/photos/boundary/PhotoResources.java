package org.portrait.photos.boundary;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.photos.control.ProfilePhotos;
import org.portrait.security.boundary.Callers;

/** Builds the photo sub-resources for an owner path; they are plain objects, so they get their beans from here. */
@RequestScoped
public class PhotoResources {

    @Inject
    Callers callers;

    @Inject
    ProfilePhotos photos;

    /** Seconds a client may reuse photo bytes before revalidating them with If-None-Match. */
    @Inject
    @ConfigProperty(name = "portrait.cache.max-age", defaultValue = "300")
    int cacheMaxAge;

    public PhotoResource photo(OwnerPath owner) {
        return new PhotoResource(owner, this);
    }

    public PhotosResource photos(OwnerPath owner) {
        return new PhotosResource(owner, this);
    }
}
