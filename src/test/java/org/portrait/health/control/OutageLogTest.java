package org.portrait.health.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class OutageLogTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final OutageLog log = new OutageLog(now::get);

    @Test
    void anOutageIsAFewLinesHoweverManyRequestsItRefuses() {
        Optional<String> opened = log.refused("r1", "PSQLException: Connection refused");
        assertTrue(opened.orElseThrow().contains("PSQLException: Connection refused"), opened::toString);
        assertTrue(opened.orElseThrow().contains("r1"), opened::toString);
        for (int request = 2; request <= 311; request++) {
            assertEquals(Optional.empty(), log.refused("r" + request, "PSQLException: Connection refused"));
        }
        now.addAndGet(5_100_000_000L);
        assertEquals(Optional.empty(), log.stillDown(), "no summary before 30 s");
        assertEquals(Optional.of("Database available again: unavailable for 5.1 s, 311 requests refused"), log.recovered());
        assertFalse(log.open());
        assertEquals(Optional.empty(), log.recovered(), "one summary per outage");
    }

    @Test
    void aLongOutageSummarisesEvery30Seconds() {
        log.refused("r1", "cause");
        now.addAndGet(OutageLog.SUMMARY_EVERY_NANOS);
        log.refused("r2", "cause");
        assertEquals(Optional.of("Database still unavailable after 30.0 s, 2 requests refused so far"), log.stillDown());
        now.addAndGet(1_000_000_000L);
        assertEquals(Optional.empty(), log.stillDown());
        now.addAndGet(OutageLog.SUMMARY_EVERY_NANOS);
        assertTrue(log.stillDown().isPresent());
    }

    @Test
    void theNextOutageStartsAfresh() {
        log.refused("r1", "first");
        log.recovered();
        assertTrue(log.refused("r2", "second").orElseThrow().contains("second"));
        assertEquals(Optional.of("Database available again: unavailable for 0.0 s, 1 requests refused"), log.recovered());
    }
}
