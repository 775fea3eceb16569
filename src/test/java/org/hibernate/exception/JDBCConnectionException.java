package org.hibernate.exception;

import java.sql.SQLException;

/**
 * A test-only stand-in with the name and shape of Hibernate's exception (a RuntimeException holding the
 * SQLException as its cause): DatabaseFailures matches it by name, so Portrait has no Hibernate
 * dependency to test against.
 */
public class JDBCConnectionException extends RuntimeException {

    public JDBCConnectionException(String message, SQLException cause) {
        super(message, cause);
    }
}
