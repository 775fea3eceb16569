package org.portrait.errors.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlStatesTest {

    @ParameterizedTest(name = "SQLSTATE {0}: unavailable {1}, unique violation {2}")
    @CsvSource({
            "08001, true, false",   // cannot connect
            "08006, true, false",   // connection lost
            "57P01, true, false",   // administrator shut the server down
            "57P03, true, false",   // server starting, not accepting connections yet
            "53300, true, false",   // too many connections
            "23505, false, true",   // unique constraint
            "23503, false, false",  // foreign key
            "42P01, false, false",  // missing table: a bug, not an outage
    })
    void classifiesTheStateAnywhereInTheCauseChain(String state, boolean unavailable, boolean uniqueViolation) {
        Exception wrapped = new PersistenceException("provider", new RuntimeException("middle", new SQLException("driver", state)));
        assertEquals(unavailable, SqlStates.databaseUnavailable(wrapped));
        assertEquals(uniqueViolation, SqlStates.uniqueViolation(wrapped));
    }

    @ParameterizedTest(name = "no SQLSTATE: {0}")
    @CsvSource({"true", "false"})
    void connectionExceptionsWithoutAStateAreUnavailable(boolean connectionException) {
        Exception failure = new PersistenceException(connectionException
                ? new SQLTransientConnectionException("pool timed out") : new SQLException("no state"));
        assertEquals(connectionException, SqlStates.databaseUnavailable(failure));
    }
}
