package org.portrait.errors.entity;

import jakarta.persistence.PersistenceException;
import jakarta.resource.ResourceException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionalException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;
import javax.transaction.xa.XAException;
import org.eclipse.persistence.exceptions.DatabaseException;
import org.hibernate.exception.JDBCConnectionException;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Failures as each layer reports them, built by hand in the shapes the servers produce (the commit
 * failure is the one Payara logged when PostgreSQL stopped during a commit).
 */
public final class DatabaseFailureShapes {

    private DatabaseFailureShapes() {
    }

    /** Every way the database being unavailable reaches Portrait: each must answer 503. */
    public static Stream<Arguments> unavailable() {
        SQLException adminShutdown = new SQLException("FATAL: terminating connection due to administrator command", "57P01");
        return Stream.of(
                Arguments.of("JDBC 08001, connection refused", new SQLException("Connection refused", "08001")),
                Arguments.of("JDBC 08006, connection lost", new SQLException("An I/O error occurred", "08006")),
                Arguments.of("JDBC 57P01, administrator shutdown", adminShutdown),
                Arguments.of("JDBC 57P03, starting up", new SQLException("the database system is starting up", "57P03")),
                Arguments.of("JDBC 53300, too many connections", new SQLException("too many clients", "53300")),
                Arguments.of("JDBC transient connection exception, no state", new SQLTransientConnectionException("pool timed out")),
                Arguments.of("JDBC non-transient connection exception, no state", new SQLNonTransientConnectionException("closed")),
                Arguments.of("batch whose next exception is 08006", batch(new SQLException("lost", "08006"))),
                Arguments.of("Payara pool: allocation timed out", new PersistenceException(DatabaseException.sqlException(
                        new SQLException("Error in allocating a connection. Cause: In-use connections equal max-pool-size "
                                + "and expired max-wait-time. Cannot allocate more connections.",
                                new ResourceException("In-use connections equal max-pool-size"))))),
                Arguments.of("Payara pool: cannot connect", new PersistenceException(DatabaseException.sqlException(
                        new SQLException("Error in allocating a connection.", new ResourceException("refused",
                                new SQLException("Connection to 127.0.0.1:5432 refused.", "08001")))))),
                Arguments.of("EclipseLink: accessor not connected", DatabaseException.databaseAccessorNotConnected()),
                Arguments.of("EclipseLink: communication failure without a state",
                        DatabaseException.sqlException(new SQLException("This connection has been closed."), true)),
                Arguments.of("EclipseLink 4002 around 57P01", new PersistenceException(DatabaseException.sqlException(adminShutdown))),
                Arguments.of("JTA at commit: TransactionalException(SystemException(XAException(local transaction)))",
                        new TransactionalException("commit failed", systemException())),
                Arguments.of("JTA at commit: SystemException(XAException)", systemException()),
                Arguments.of("JTA at commit: XAException", new XAException(XAException.XAER_RMFAIL)),
                Arguments.of("JTA at commit: RollbackException", new RollbackException("rolled back")),
                Arguments.of("JTA at commit: RollbackException around a SQL error without a state (a closed connection)",
                        rollback(new PersistenceException(DatabaseException.sqlException(new SQLException("Connection closed"))))),
                Arguments.of("JTA at commit: HeuristicMixedException", new HeuristicMixedException("mixed")),
                Arguments.of("JTA at commit: HeuristicRollbackException", new HeuristicRollbackException("rolled back")),
                Arguments.of("TransactionalException without a cause", new TransactionalException("commit failed", null)),
                Arguments.of("Hibernate JDBCConnectionException around 08006",
                        new PersistenceException(new JDBCConnectionException("could not execute", new SQLException("I/O", "08006")))),
                Arguments.of("Hibernate JDBCConnectionException, no state",
                        new JDBCConnectionException("Unable to acquire JDBC Connection", new SQLException("no state"))),
                Arguments.of("Hibernate on WildFly: IronJacamar cannot get a managed connection",
                        new PersistenceException(new RuntimeException("Unable to acquire JDBC Connection",
                                new SQLException("IJ031019", new ResourceException("IJ000453: Unable to get managed connection"))))),
                Arguments.of("PersistenceException around 08001", new PersistenceException(new SQLException("refused", "08001"))));
    }

    /** Failures that are no outage: the ones that are bugs must stay 500. */
    public static Stream<Arguments> bugs() {
        return Stream.of(
                Arguments.of("NullPointerException", new NullPointerException()),
                Arguments.of("a NullPointerException under a commit failure",
                        new TransactionalException("commit failed", rollback(new NullPointerException()))),
                Arguments.of("SQL syntax error", new PersistenceException(DatabaseException.sqlException(new SQLException("syntax", "42601")))),
                Arguments.of("missing table under a rollback", rollback(new SQLException("no table", "42P01"))),
                Arguments.of("SQLException without a state or a connection cause", new PersistenceException(new SQLException("odd"))),
                Arguments.of("EclipseLink configuration error", DatabaseException.configurationErrorClassNotFound("org.example.Missing")),
                Arguments.of("IllegalStateException", new IllegalStateException("bug")),
                Arguments.of("a state error that made the commit fail", rollback(new IllegalStateException("bug"))),
                Arguments.of("a validation error at commit, under the interceptor's TransactionalException",
                        new TransactionalException("commit failed", rollback(new RuntimeException("validation failed")))));
    }

    private static SystemException systemException() {
        XAException xa = new XAException(XAException.XAER_RMERR);
        xa.initCause(new RuntimeException("LocalTransactionException: FATAL: terminating connection due to administrator command"));
        SystemException system = new SystemException("commit failed");
        system.initCause(xa);
        return system;
    }

    private static RollbackException rollback(Throwable cause) {
        RollbackException rollback = new RollbackException("rolled back");
        rollback.initCause(cause);
        return rollback;
    }

    private static BatchUpdateException batch(SQLException next) {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 0 was aborted", null, new int[0]);
        batch.setNextException(next);
        return batch;
    }
}
