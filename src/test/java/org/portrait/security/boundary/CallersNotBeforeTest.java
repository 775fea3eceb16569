package org.portrait.security.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.spi.JsonProvider;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** nbf, which Payara's MP-JWT does not check: absent or past is fine, future or not a number is not. */
class CallersNotBeforeTest {

    static final JsonProvider JSON = JsonProvider.provider();
    final Instant now = Instant.ofEpochSecond(1_800_000_000L);

    @Test
    void absentOrPastIsValid() {
        assertTrue(Callers.validYet(null, now));
        assertTrue(Callers.validYet(JSON.createValue(now.getEpochSecond() - 5), now));
        assertTrue(Callers.validYet(now.getEpochSecond(), now));
    }

    @Test
    void withinTheClockSkewIsValid() {
        assertTrue(Callers.validYet(JSON.createValue(now.getEpochSecond() + 60), now));
        assertFalse(Callers.validYet(JSON.createValue(now.getEpochSecond() + 61), now));
    }

    @Test
    void futureIsNotValidYet() {
        assertFalse(Callers.validYet(JSON.createValue(now.getEpochSecond() + 3600), now));
    }

    @Test
    void otherTypesAreRefused() {
        assertFalse(Callers.validYet(JSON.createValue("now"), now));
        assertFalse(Callers.validYet(JSON.createValue(1.5), now));
        assertFalse(Callers.validYet(new ClassCastException(), now));
    }
}
