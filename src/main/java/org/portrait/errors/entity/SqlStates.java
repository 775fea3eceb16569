package org.portrait.errors.entity;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** Reads the standard SQLSTATE classes out of a provider's exception chain, whatever the JPA provider. */
public final class SqlStates {

    private SqlStates() {
    }

    /** SQLSTATE 23505: a unique constraint refused the row (PostgreSQL and H2 alike). */
    public static boolean uniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The database cannot serve now, through no fault of the request: SQLSTATE class 08 (connection
     * exception) or the JDBC connection exceptions, class 57 (operator intervention: the server is
     * shutting down, or starting and not yet accepting connections) and class 53 (insufficient
     * resources, such as too many connections).
     */
    public static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57") || sql.getSQLState().startsWith("53"))) {
                return true;
            }
        }
        return false;
    }
}
