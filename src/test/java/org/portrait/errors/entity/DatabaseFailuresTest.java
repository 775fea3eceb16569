package org.portrait.errors.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.persistence.PersistenceException;
import jakarta.transaction.TransactionalException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class DatabaseFailuresTest {

    @ParameterizedTest(name = "SQLSTATE {0}: {1}")
    @CsvSource({
            "08001, UNAVAILABLE",        // cannot connect
            "08006, UNAVAILABLE",        // connection lost
            "57P01, UNAVAILABLE",        // administrator shut the server down
            "57P03, UNAVAILABLE",        // server starting, not accepting connections yet
            "53300, UNAVAILABLE",        // too many connections
            "23505, UNIQUE_VIOLATION",   // unique constraint
            "23503, OTHER",              // foreign key
            "42P01, OTHER",              // missing table: a bug, not an outage
    })
    void classifiesTheStateAnywhereInTheCauseChain(String state, DatabaseFailures.Kind kind) {
        Exception wrapped = new PersistenceException("provider", new RuntimeException("middle", new SQLException("driver", state)));
        assertEquals(kind, DatabaseFailures.classify(wrapped));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.portrait.errors.entity.DatabaseFailureShapes#unavailable")
    void everyLayerReportingTheDatabaseUnavailableIsUnavailable(String shape, Throwable failure) {
        assertEquals(DatabaseFailures.Kind.UNAVAILABLE, DatabaseFailures.classify(failure), shape);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("org.portrait.errors.entity.DatabaseFailureShapes#bugs")
    void bugsAreNoOutage(String shape, Throwable failure) {
        assertEquals(DatabaseFailures.Kind.OTHER, DatabaseFailures.classify(failure), shape);
    }

    @Test
    void aUniqueViolationAtCommitStaysAUniqueViolation() {
        Exception atCommit = new TransactionalException("commit failed", new PersistenceException(new SQLException("duplicate key", "23505")));
        assertEquals(DatabaseFailures.Kind.UNIQUE_VIOLATION, DatabaseFailures.classify(atCommit));
    }

    @Test
    void aCauseCycleEnds() {
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second", first);
        first.initCause(second);
        assertEquals(DatabaseFailures.Kind.OTHER, DatabaseFailures.classify(first));
    }
}
