package org.portrait.cache.control;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A read-through cache bounded by entries and by weight (bytes), least recently used out first.
 * Invalidation is safe against a load racing with a write: every invalidation starts a new
 * generation, and a value loaded while an invalidation happened is handed out but not kept, so a
 * reader that read the database before a write committed can never put the old value back after
 * the write invalidated it. Absent values are not cached (a miss is looked up again).
 * <p>
 * One lock: entries are looked up far more often than written, and the work under the lock is a
 * hash lookup and a list move.
 */
public class BoundedCache<K, V> {

    private final int maxEntries;
    private final long maxWeight;
    private final ToLongFunction<V> weigher;
    private final LinkedHashMap<K, V> entries = new LinkedHashMap<>(256, 0.75f, true);
    private long weight;
    private long generation;
    private long hits;
    private long misses;

    public BoundedCache(int maxEntries, long maxWeight, ToLongFunction<V> weigher) {
        this.maxEntries = maxEntries;
        this.maxWeight = maxWeight;
        this.weigher = weigher;
    }

    /** The cached value, or what {@code loader} finds (kept unless an invalidation came in between). */
    public Optional<V> get(K key, Supplier<Optional<V>> loader) {
        long loadingGeneration;
        synchronized (this) {
            V cached = entries.get(key);
            if (cached != null) {
                hits++;
                return Optional.of(cached);
            }
            misses++;
            loadingGeneration = generation;
        }
        Optional<V> loaded = loader.get();
        loaded.ifPresent(value -> keep(key, value, loadingGeneration));
        return loaded;
    }

    private synchronized void keep(K key, V value, long loadingGeneration) {
        long valueWeight = weigher.applyAsLong(value);
        if (loadingGeneration != generation || valueWeight > maxWeight || maxEntries == 0) {
            return;
        }
        V replaced = entries.put(key, value);
        weight += valueWeight - (replaced == null ? 0 : weigher.applyAsLong(replaced));
        Iterator<Map.Entry<K, V>> eldest = entries.entrySet().iterator();
        while ((entries.size() > maxEntries || weight > maxWeight) && eldest.hasNext()) {
            weight -= weigher.applyAsLong(eldest.next().getValue());
            eldest.remove();
        }
    }

    /** Forgets every entry whose key matches; loads in flight are not kept. */
    public synchronized void invalidate(Predicate<K> matching) {
        generation++;
        Iterator<Map.Entry<K, V>> all = entries.entrySet().iterator();
        while (all.hasNext()) {
            Map.Entry<K, V> entry = all.next();
            if (matching.test(entry.getKey())) {
                weight -= weigher.applyAsLong(entry.getValue());
                all.remove();
            }
        }
    }

    public synchronized void invalidateAll() {
        invalidate(key -> true);
    }

    public synchronized Statistics statistics() {
        return new Statistics(entries.size(), weight, hits, misses);
    }

    /** What the cache holds and how often it answered. */
    public record Statistics(int entries, long weight, long hits, long misses) {
    }
}
