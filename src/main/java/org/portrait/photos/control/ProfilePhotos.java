package org.portrait.photos.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portrait.errors.entity.BoundedBodies;
import org.portrait.errors.entity.PayloadTooLargeException;
import org.portrait.images.control.ImageProcessor;
import org.portrait.images.control.ProcessedImage;
import org.portrait.metrics.control.PortraitMetrics;
import org.portrait.owners.control.Owners;
import org.portrait.owners.control.ResolvedOwner;
import org.portrait.owners.entity.OwnerPath;
import org.portrait.photos.entity.EntityTags;
import org.portrait.photos.entity.PhotoSize;
import org.portrait.photos.entity.PhotoVariant;
import org.portrait.security.control.Caller;
import org.portrait.security.control.Operation;

/**
 * The profilePhoto operations: which stored size answers which request (CONTRACT section 2), and
 * uploads. Reads never decode images: they pick a variant row and stream its stored bytes.
 */
@ApplicationScoped
public class ProfilePhotos {

    @Inject
    Owners owners;

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
    public PhotoMetadata photo(Caller caller, OwnerPath path) {
        ResolvedOwner owner = owners.resolve(caller, path, Operation.READ_PHOTO_METADATA);
        return largest(store.variants(owner.owner().key()))
                .map(v -> metadata(owner, v))
                .orElseGet(() -> PhotoMetadata.none(owner));
    }

    /** One size, or the 1x1 answer when that size is not available. */
    public PhotoMetadata photo(Caller caller, OwnerPath path, PhotoSize size) {
        ResolvedOwner owner = owners.resolve(caller, path, Operation.READ_PHOTO_METADATA);
        return sized(store.variants(owner.owner().key()), size)
                .map(v -> metadata(owner, v))
                .orElseGet(() -> PhotoMetadata.none(owner));
    }

    /** The available HD sizes, smallest first; only the original when it is smaller than every HD size. */
    public PhotoList photos(Caller caller, OwnerPath path) {
        ResolvedOwner owner = owners.resolve(caller, path, Operation.READ_PHOTO_METADATA);
        return new PhotoList(owner, listed(store.variants(owner.owner().key())).stream().map(v -> metadata(owner, v)).toList());
    }

    /**
     * The bytes of the largest photo ({@code size} empty) or of one size. Tag and bytes are read in one
     * statement; when an upload replaced the photo between choosing a variant and reading it, the
     * choice is made once more on the new photo rather than failing.
     */
    public PhotoBinary binary(Caller caller, OwnerPath path, Optional<PhotoSize> size, String ifNoneMatch) {
        ResolvedOwner owner = owners.resolve(caller, path, Operation.READ_PHOTO_VALUE);
        for (int attempt = 0; attempt < 2; attempt++) {
            List<PhotoVariant> variants = store.variants(owner.owner().key());
            PhotoVariant variant = size.map(s -> sized(variants, s)).orElseGet(() -> largest(variants))
                    .orElseThrow(ImageNotFoundException::new);
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

    /**
     * Reads at most the configured limit, makes every size and stores them together. Permission and
     * owner are checked before the body is read; the image is processed outside any transaction.
     */
    public void upload(Caller caller, OwnerPath path, long declaredLength, InputStream body) {
        long started = System.nanoTime();
        try {
            ResolvedOwner owner = owners.resolve(caller, path, Operation.WRITE_PHOTO);
            if (declaredLength > maxUploadBytes) {
                throw new PayloadTooLargeException(maxUploadBytes);
            }
            byte[] upload = BoundedBodies.read(body, maxUploadBytes);
            ProcessedImage image = metrics.variants(() -> images.process(upload, PhotoSize.HD_SIDES));
            store.replace(owner.owner(), image);
            metrics.uploaded(Duration.ofNanos(System.nanoTime() - started), null);
        } catch (RuntimeException refused) {
            // Counted by why it failed, then handed on unchanged to the error mapping.
            metrics.uploaded(Duration.ofNanos(System.nanoTime() - started), refused);
            throw refused;
        }
    }

    public void delete(Caller caller, OwnerPath path) {
        ResolvedOwner owner = owners.resolve(caller, path, Operation.WRITE_PHOTO);
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
