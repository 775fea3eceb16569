package org.portrait.errors.entity;

import jakarta.persistence.PersistenceException;
import jakarta.resource.ResourceException;
import jakarta.transaction.HeuristicMixedException;
import jakarta.transaction.HeuristicRollbackException;
import jakarta.transaction.RollbackException;
import jakarta.transaction.SystemException;
import jakarta.transaction.TransactionalException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import javax.transaction.xa.XAException;

/**
 * The one classification of a failure that came out of the database, whichever layer reported it: the
 * JDBC driver, the server's connection pool, the JPA provider (EclipseLink or Hibernate) or the
 * transaction manager at commit. It walks the whole cause chain (docs/database-outages.md):
 * <ol>
 * <li>a programming error anywhere in it (a NullPointerException, say) is a bug, whatever wraps it;</li>
 * <li>else the first SQLSTATE decides: 23505 is a unique violation; class 08 (connection), 53
 * (insufficient resources) and 57 (operator intervention: shutdown, restart) are the database being
 * unavailable; any other state (a syntax error, a missing table) is a bug;</li>
 * <li>else, without a SQLSTATE, a layer that only reports failures to reach or finish with the database
 * makes it unavailable: JDBC's connection exceptions, the pool's allocation failures, EclipseLink's
 * DatabaseException for a lost or missing connection, Hibernate's JDBCConnectionException, a resource
 * manager's XAException, and the transaction manager's failures at commit (SystemException,
 * RollbackException, the heuristic outcomes, TransactionalException) unless what they wrap is
 * something other than a SQL error or its provider wrapping (a validation or state error: a bug). A commit that failed this way has an unknown
 * outcome: the client retries and then reads which photo won.</li>
 * </ol>
 * Provider types are matched by class name, so neither provider is needed to compile or run Portrait.
 */
public final class DatabaseFailures {

    /** What a failure means for the client. */
    public enum Kind {
        /** The database cannot serve now, through no fault of the request: 503 with Retry-After. */
        UNAVAILABLE,
        /** SQLSTATE 23505: a unique constraint refused the row (PostgreSQL and H2 alike). */
        UNIQUE_VIOLATION,
        /** Not a database failure, or one that is a bug: the caller decides (usually 500). */
        OTHER
    }

    /** Provider and server classes that only ever report a failure to reach the database. */
    private static final Set<String> UNAVAILABILITY_TYPES = Set.of(
            "org.hibernate.exception.JDBCConnectionException",
            "com.sun.appserv.connectors.internal.api.PoolingException");

    private static final String ECLIPSELINK_DATABASE_EXCEPTION = "org.eclipse.persistence.exceptions.DatabaseException";

    /** Provider types that wrap a SQL error (matched by name, as above). */
    private static final Set<String> DATABASE_ERROR_WRAPPERS = Set.of(ECLIPSELINK_DATABASE_EXCEPTION, "org.hibernate.JDBCException");

    /**
     * EclipseLink's DatabaseException codes for "no connection": accessor not connected (4005), unable to
     * acquire a connection from the driver (4021), connection is null (4022). Its other codes are
     * configuration errors (bugs), or 4002, which wraps a SQLException that the chain classifies.
     */
    private static final Set<Integer> ECLIPSELINK_CONNECTION_CODES = Set.of(4005, 4021, 4022);

    /** A chain longer than this is cut: a cause cycle the identity check missed must not hang a request. */
    private static final int MAX_CAUSES = 64;

    private DatabaseFailures() {
    }

    public static boolean unavailable(Throwable failure) {
        return classify(failure) == Kind.UNAVAILABLE;
    }

    public static boolean uniqueViolation(Throwable failure) {
        return classify(failure) == Kind.UNIQUE_VIOLATION;
    }

    public static Kind classify(Throwable failure) {
        String firstState = null;
        boolean unavailableLayer = false;
        boolean commitFailure = false;
        boolean otherCauseOfTheCommitFailure = false;
        for (Throwable cause : causes(failure)) {
            if (programmingError(cause)) {
                return Kind.OTHER;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null && firstState == null) {
                firstState = sql.getSQLState();
            }
            if (reportsUnavailability(cause)) {
                unavailableLayer = true;
            } else if (transactionManagerFailure(cause)) {
                commitFailure = true;
            } else if (commitFailure && !databaseError(cause)) {
                // What made the commit fail is neither the database nor the transaction manager (a
                // validation or state error, say): a bug, which must log its stack trace. A SQL error
                // without a state under a commit failure is more likely a lost connection: 503.
                otherCauseOfTheCommitFailure = true;
            }
        }
        if (firstState != null) {
            return byState(firstState);
        }
        return unavailableLayer || (commitFailure && !otherCauseOfTheCommitFailure) ? Kind.UNAVAILABLE : Kind.OTHER;
    }

    private static Kind byState(String state) {
        if ("23505".equals(state)) {
            return Kind.UNIQUE_VIOLATION;
        }
        return state.startsWith("08") || state.startsWith("53") || state.startsWith("57") ? Kind.UNAVAILABLE : Kind.OTHER;
    }

    private static boolean programmingError(Throwable cause) {
        return cause instanceof NullPointerException || cause instanceof ClassCastException
                || cause instanceof IndexOutOfBoundsException || cause instanceof ArithmeticException
                || cause instanceof Error;
    }

    private static boolean reportsUnavailability(Throwable cause) {
        return cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                || cause instanceof ResourceException || cause instanceof XAException
                || isA(cause.getClass(), UNAVAILABILITY_TYPES) || eclipseLinkConnectionFailure(cause);
    }

    /** A SQL error, or the JPA provider's wrapping of one (a state, when there is one, has decided already). */
    private static boolean databaseError(Throwable cause) {
        return cause instanceof SQLException || cause instanceof PersistenceException
                || isA(cause.getClass(), DATABASE_ERROR_WRAPPERS);
    }

    /** The transaction manager's failures at commit: unavailability unless something else below them caused them. */
    private static boolean transactionManagerFailure(Throwable cause) {
        return cause instanceof SystemException || cause instanceof RollbackException
                || cause instanceof HeuristicMixedException || cause instanceof HeuristicRollbackException
                || cause instanceof TransactionalException;
    }

    /** Read reflectively: on WildFly, EclipseLink is not there to link against. */
    private static boolean eclipseLinkConnectionFailure(Throwable cause) {
        if (!isA(cause.getClass(), Set.of(ECLIPSELINK_DATABASE_EXCEPTION))) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(cause.getClass().getMethod("isCommunicationFailure").invoke(cause))
                    || ECLIPSELINK_CONNECTION_CODES.contains(cause.getClass().getMethod("getErrorCode").invoke(cause));
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            return false;
        }
    }

    private static boolean isA(Class<?> type, Set<String> names) {
        for (Class<?> at = type; at != null; at = at.getSuperclass()) {
            if (names.contains(at.getName())) {
                return true;
            }
        }
        return false;
    }

    /** The failure, its causes, and the exceptions a driver chains to a SQLException (a batch's real error). */
    private static Iterable<Throwable> causes(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> inOrder = new ArrayList<>();
        Deque<Throwable> pending = new ArrayDeque<>();
        pending.add(failure);
        while (!pending.isEmpty() && inOrder.size() < MAX_CAUSES) {
            Throwable cause = pending.removeFirst();
            if (cause == null || !seen.add(cause)) {
                continue;
            }
            inOrder.add(cause);
            if (cause.getCause() != null) {
                pending.addLast(cause.getCause());
            }
            if (cause instanceof SQLException sql && sql.getNextException() != null) {
                pending.addLast(sql.getNextException());
            }
        }
        return inOrder;
    }
}
