package org.portrait.cache.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedCacheTest {

    final AtomicInteger loads = new AtomicInteger();

    Optional<String> load(String value) {
        loads.incrementAndGet();
        return Optional.of(value);
    }

    @Test
    void aValueIsLoadedOnceAndAnAbsentOneEveryTime() {
        BoundedCache<String, String> cut = new BoundedCache<>(10, 1_000, String::length);
        assertEquals("a", cut.get("k", () -> load("a")).orElseThrow());
        assertEquals("a", cut.get("k", () -> load("b")).orElseThrow());
        assertEquals(1, loads.get());
        cut.get("missing", Optional::empty);
        cut.get("missing", Optional::empty);
        assertEquals(new BoundedCache.Statistics(1, 1, 1, 3), cut.statistics());
    }

    @Test
    void theEntryBoundEvictsTheLeastRecentlyUsed() {
        BoundedCache<String, String> cut = new BoundedCache<>(2, 1_000, String::length);
        cut.get("a", () -> load("1"));
        cut.get("b", () -> load("2"));
        cut.get("a", () -> load("x")); // a is now the most recently used
        cut.get("c", () -> load("3"));
        assertEquals(2, cut.statistics().entries());
        assertEquals("1", cut.get("a", () -> load("reloaded")).orElseThrow());
        assertEquals("reloaded-b", cut.get("b", () -> load("reloaded-b")).orElseThrow());
    }

    @Test
    void theWeightBoundHoldsAndAValueOverItIsNeverKept() {
        BoundedCache<String, String> cut = new BoundedCache<>(100, 10, String::length);
        cut.get("a", () -> load("aaaa"));
        cut.get("b", () -> load("bbbb"));
        cut.get("c", () -> load("cccc"));
        assertEquals(8, cut.statistics().weight());
        assertEquals(2, cut.statistics().entries());
        cut.get("huge", () -> load("x".repeat(11)));
        cut.get("huge", () -> load("x".repeat(11)));
        assertEquals(5, loads.get());
        assertEquals(8, cut.statistics().weight());
    }

    @Test
    void invalidationForgetsTheMatchingEntriesOnly() {
        BoundedCache<String, String> cut = new BoundedCache<>(10, 1_000, String::length);
        cut.get("t1/a", () -> load("1"));
        cut.get("t2/a", () -> load("2"));
        cut.invalidate(key -> key.startsWith("t1/"));
        assertEquals("new", cut.get("t1/a", () -> load("new")).orElseThrow());
        assertEquals("2", cut.get("t2/a", () -> load("unused")).orElseThrow());
    }

    /** A read that saw the database before a write committed must not put the old value back after it. */
    @Test
    void aLoadRacingWithAnInvalidationIsHandedOutButNotKept() {
        BoundedCache<String, String> cut = new BoundedCache<>(10, 1_000, String::length);
        String seen = cut.get("k", () -> {
            cut.invalidate(key -> true); // the write commits while this load is under way
            return load("old");
        }).orElseThrow();
        assertEquals("old", seen);
        assertEquals("new", cut.get("k", () -> load("new")).orElseThrow());
        assertEquals("new", cut.get("k", () -> load("again")).orElseThrow());
    }
}
