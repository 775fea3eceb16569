package org.portrait.photos.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portrait.errors.entity.BoundedBodies;
import org.portrait.errors.entity.PayloadTooLargeException;
import org.portrait.errors.entity.UnsupportedMediaTypeException;
import org.portrait.images.control.ImageProcessor;
import org.portrait.images.control.ProcessedImage;
import org.portrait.metrics.control.PortraitMetrics;
import org.portrait.owners.control.ResolvedOwner;
import org.portrait.photos.entity.EntityTags;
import org.portrait.photos.entity.PhotoSize;
import org.portrait.photos.entity.PhotoVariant;

/**
 * The profilePhoto operations on an owner the caller may use: which stored size answers which request
 * (docs/api.md §2), and uploads. Reads never decode images: they pick a variant row and send its
 * stored bytes.
 */
@ApplicationScoped
public class ProfilePhotos {

    @Inject
    PhotoStore store;

    @Inject
    ImageProcessor images;

    @Inject
    PortraitMetrics metrics;

    @Inject
    @ConfigProperty(name = "portrait.upload.max-bytes", defaultValue = "4194304")
    long maxUploadBytes;

    /** The largest available photo, or the 1x1 answer when there is none. */
    public PhotoMetadata photo(ResolvedOwner owner) {
        return largest(store.variants(owner.owner().key()))
                .map(v -> metadata(owner, v))
                .orElseGet(() -> PhotoMetadata.none(owner));
    }

    /** One size, or the 1x1 answer when that size is not available. */
    public PhotoMetadata photo(ResolvedOwner owner, PhotoSize size) {
        return sized(store.variants(owner.owner().key()), size)
                .map(v -> metadata(owner, v))
                .orElseGet(() -> PhotoMetadata.none(owner));
    }

    /** The available HD sizes, smallest first; only the original when it is smaller than every HD size. */
    public List<PhotoMetadata> photos(ResolvedOwner owner) {
        return listed(store.variants(owner.owner().key())).stream().map(v -> metadata(owner, v)).toList();
    }

    /**
     * The bytes of the largest photo ({@code size} empty) or of one size. Tag and bytes are read in one
     * statement; when an upload replaced the photo between choosing a variant and reading it, the
     * choice is made once more on the new photo rather than failing.
     */
    public PhotoBinary binary(ResolvedOwner owner, Optional<PhotoSize> size, String ifNoneMatch) {
        for (int attempt = 0; attempt < 2; attempt++) {
            PhotoVariant variant = variant(owner, size);
            if (EntityTags.matches(ifNoneMatch, variant.etag())) {
                return new PhotoBinary(variant.etag(), null);
            }
            Optional<PhotoBinary> stored = store.content(variant);
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        throw new ImageNotFoundException();
    }

    /** The stored variant that answers the largest photo ({@code size} empty) or one size; 404 when there is none. */
    public PhotoVariant variant(ResolvedOwner owner, Optional<PhotoSize> size) {
        List<PhotoVariant> variants = store.variants(owner.owner().key());
        return size.map(s -> sized(variants, s)).orElseGet(() -> largest(variants)).orElseThrow(ImageNotFoundException::new);
    }

    /**
     * The bytes of the owner's variant of this size only while they are still the ones with tag
     * {@code etag} (a signed link names them): a changed or deleted photo is not found, whatever
     * replaced it (docs/api.md §12).
     */
    public PhotoBinary linked(String ownerKey, PhotoSize size, String etag, String ifNoneMatch) {
        PhotoVariant variant = store.variants(ownerKey).stream()
                .filter(v -> v.size().equals(size) && v.etag().equals(etag))
                .findFirst()
                .orElseThrow(ImageNotFoundException::new);
        if (EntityTags.matches(ifNoneMatch, etag)) {
            return new PhotoBinary(etag, null);
        }
        return store.content(variant).filter(stored -> stored.etag().equals(etag)).orElseThrow(ImageNotFoundException::new);
    }

    /** The largest variant of each of these owners that has a photo, by owner key, read in one query. */
    public Map<String, PhotoVariant> largestOf(Collection<String> ownerKeys) {
        Map<String, PhotoVariant> largest = new HashMap<>();
        store.variantsOf(ownerKeys).stream()
                .collect(Collectors.groupingBy(PhotoVariant::ownerKey))
                .forEach((key, variants) -> largest(variants).ifPresent(v -> largest.put(key, v)));
        return largest;
    }

    /**
     * Reads at most the configured limit, makes every size and stores them together; the image is
     * processed outside any transaction. A body declared as something other than an image (the Graph
     * JavaScript client sends JSON's type when the caller sets none) is taken only when its bytes begin
     * like an image (docs/api.md §4).
     */
    public void upload(ResolvedOwner owner, long declaredLength, boolean declaredAsImage, InputStream body) {
        if (declaredLength > maxUploadBytes) {
            throw new PayloadTooLargeException(maxUploadBytes);
        }
        byte[] upload = BoundedBodies.read(body, maxUploadBytes);
        if (!declaredAsImage && !images.recognises(upload)) {
            throw new UnsupportedMediaTypeException("The request body is not an image; upload the image's bytes.");
        }
        ProcessedImage image = metrics.variants(() -> images.process(upload, PhotoSize.HD_SIDES));
        store.replace(owner.owner(), image);
    }

    public void delete(ResolvedOwner owner) {
        store.delete(owner.owner());
    }

    static Optional<PhotoVariant> largest(List<PhotoVariant> variants) {
        List<PhotoVariant> listed = listed(variants);
        return listed.isEmpty() ? Optional.empty() : Optional.of(listed.get(listed.size() - 1));
    }

    /** HD squares first; the original answers a size only when no HD square has those dimensions. */
    static Optional<PhotoVariant> sized(List<PhotoVariant> variants, PhotoSize size) {
        return variants.stream().filter(v -> v.size().equals(size) && !v.original()).findFirst()
                .or(() -> variants.stream().filter(v -> v.size().equals(size)).findFirst());
    }

    static List<PhotoVariant> listed(List<PhotoVariant> variants) {
        List<PhotoVariant> squares = variants.stream().filter(v -> !v.original()).toList();
        return squares.isEmpty() ? variants.stream().filter(PhotoVariant::original).toList() : squares;
    }

    private static PhotoMetadata metadata(ResolvedOwner owner, PhotoVariant variant) {
        return new PhotoMetadata(owner, variant.size(), variant.etag());
    }
}
