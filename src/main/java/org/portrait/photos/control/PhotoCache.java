package org.portrait.photos.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portrait.cache.control.BoundedCache;
import org.portrait.cache.control.CacheFreshness;
import org.portrait.owners.control.OwnerDeleted;
import org.portrait.photos.entity.PhotoVariant;

/**
 * The photos of the read path in memory: each owner's list of sizes (no bytes) and the bytes of the
 * sizes asked for, bounded by bytes. A photo write forgets its owner's entries once its transaction
 * has ended, before the write answers (docs/performance.md); another instance's write is forgotten
 * within a poll interval, and when this instance cannot tell, the cache steps aside (docs/scaling.md).
 */
@ApplicationScoped
public class PhotoCache {

    /**
     * Bytes of photo data kept; 0 turns the byte cache off. 32 MiB: it lives in the old generation of the
     * launcher's small default heap, next to what Payara keeps (docs/performance.md, JVM options).
     */
    @Inject
    @ConfigProperty(name = "portrait.cache.photo-bytes", defaultValue = "33554432")
    long maxBytes;

    /** Owners whose list of sizes is kept. */
    @Inject
    @ConfigProperty(name = "portrait.cache.photo-owners", defaultValue = "100000")
    int maxOwners;

    /** A variant list is a few hundred bytes; counted so, the byte bound covers it too. */
    private static final long VARIANT_LIST_WEIGHT = 256;

    @Inject
    CacheFreshness freshness;

    private BoundedCache<String, List<PhotoVariant>> variants;
    private BoundedCache<SizeKey, PhotoBinary> contents;

    /** One stored size of an owner, as PhotoStore.content looks it up. */
    record SizeKey(String ownerKey, int width, int height, boolean original) {
    }

    @PostConstruct
    void create() {
        variants = new BoundedCache<>(maxOwners, (long) maxOwners * VARIANT_LIST_WEIGHT, list -> VARIANT_LIST_WEIGHT);
        contents = new BoundedCache<>(Integer.MAX_VALUE, maxBytes, binary -> binary.bytes().length);
    }

    // Public: Weld's client proxy calls a package-private method by reflection (docs/performance.md).
    public List<PhotoVariant> variants(String ownerKey, Supplier<List<PhotoVariant>> loader) {
        if (!freshness.trusted()) {
            return List.copyOf(loader.get());
        }
        return variants.get(ownerKey, () -> Optional.of(List.copyOf(loader.get()))).orElseThrow();
    }

    public Optional<PhotoBinary> content(PhotoVariant variant, Supplier<Optional<PhotoBinary>> loader) {
        if (!freshness.trusted()) {
            return loader.get();
        }
        return contents.get(new SizeKey(variant.ownerKey(), variant.width(), variant.height(), variant.original()), loader);
    }

    /** After the writing transaction, committed or not: what it may have changed is read again. */
    void photoChanged(@Observes(during = TransactionPhase.AFTER_COMPLETION) PhotoChanged changed) {
        forget(Set.of(changed.ownerKey()));
    }

    void ownersDeleted(@Observes(during = TransactionPhase.AFTER_COMPLETION) OwnerDeleted deleted) {
        forget(Set.copyOf(deleted.ownerKeys()));
    }

    /** Forgets these owners' photos; also what another instance's write tells this one to forget. */
    public void forget(Collection<String> ownerKeys) {
        variants.invalidate(ownerKeys::contains);
        contents.invalidate(key -> ownerKeys.contains(key.ownerKey()));
    }

    /** Forgets every photo: this instance may have missed other instances' writes. */
    public void forgetAll() {
        variants.invalidateAll();
        contents.invalidateAll();
    }

    public BoundedCache.Statistics byteStatistics() {
        return contents.statistics();
    }
}
