package org.portrait.cluster.control;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.portrait.cache.control.CacheFreshness;
import org.portrait.owners.control.OwnerLookup;
import org.portrait.photos.control.PhotoCache;
import org.portrait.schema.control.SchemaMigrations;

/**
 * Reads the invalidation log (InvalidationLog) every {@code portrait.cluster.poll-interval-ms} and
 * makes this instance's caches forget what other instances wrote. Each successful read confirms
 * CacheFreshness; a failed one empties the caches, and when reads keep failing the caches step
 * aside, so an instance that cannot read the log serves what the database says (docs/scaling.md).
 * Plain JDBC in autocommit: every query sees what has committed by the time it runs.
 */
@ApplicationScoped
public class InvalidationPoller {

    private static final Logger LOG = Logger.getLogger(InvalidationPoller.class.getName());
    private static final int QUERY_TIMEOUT_SECONDS = 2;
    private static final long PRUNE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(60);

    @Resource(lookup = "java:comp/DefaultDataSource")
    DataSource dataSource;

    @Inject
    SchemaMigrations migrations;

    @Inject
    CacheFreshness freshness;

    @Inject
    PhotoCache photos;

    @Inject
    OwnerLookup owners;

    @Inject
    @ConfigProperty(name = "portrait.cluster.poll-interval-ms", defaultValue = "250")
    long pollIntervalMillis;

    @Inject
    @ConfigProperty(name = "portrait.cluster.invalidation-retention-seconds", defaultValue = "600")
    long retentionSeconds;

    private ScheduledExecutorService ownExecutor;
    private ScheduledFuture<?> task;
    /** The highest sequence number read; -1 until the first read. Only the polling thread uses these. */
    private long lastSeen = -1;
    private boolean failing;
    private long lastPrune = System.nanoTime();

    void start(@Observes @Initialized(ApplicationScoped.class) Object started) {
        task = executor().scheduleWithFixedDelay(this::poll, 0, pollIntervalMillis, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object stopping) {
        if (task != null) {
            task.cancel(false);
        }
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    /** The server's scheduler; a thread of our own where a server has none (it only runs JDBC). */
    private ScheduledExecutorService executor() {
        try {
            return (ScheduledExecutorService) new InitialContext().lookup("java:comp/DefaultManagedScheduledExecutorService");
        } catch (NamingException | ClassCastException none) {
            ownExecutor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "portrait-invalidations");
                thread.setDaemon(true);
                return thread;
            });
            return ownExecutor;
        }
    }

    /** One read of the log; never throws (a scheduled task that throws is not run again). */
    void poll() {
        if (migrations.schemaVersion() == null) {
            return; // the table may not exist yet
        }
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            if (lastSeen < 0) {
                // Nothing was cached before: the caches step aside until the first confirmation.
                lastSeen = counter(connection);
                forgetAll();
            } else {
                apply(connection);
            }
            if (failing) {
                forgetAll(); // writes may have been pruned from the log while it could not be read
                failing = false;
                LOG.info("Reading cache invalidations again; caches in use");
            }
            if (started - lastPrune > PRUNE_EVERY_NANOS) {
                prune(connection);
                lastPrune = started;
            }
            freshness.confirm(started);
        } catch (SQLException | RuntimeException e) {
            forgetAll();
            if (!failing) {
                failing = true;
                LOG.log(Level.WARNING, "Cannot read cache invalidations; caches bypassed until it works again: " + e);
            }
        }
    }

    private static long counter(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT last_number FROM cache_invalidation_counter WHERE id = 1")) {
            query.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    private void apply(Connection connection) throws SQLException {
        Set<String> photoOwners = new HashSet<>();
        Set<String> tenants = new HashSet<>();
        long highest = lastSeen;
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT sequence_number, kind, cache_key FROM cache_invalidation WHERE sequence_number > ?")) {
            query.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            query.setLong(1, lastSeen);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    highest = Math.max(highest, rows.getLong(1));
                    (InvalidationLog.PHOTO.equals(rows.getString(2)) ? photoOwners : tenants).add(rows.getString(3));
                }
            }
        }
        if (!photoOwners.isEmpty()) {
            photos.forget(photoOwners);
        }
        tenants.forEach(owners::forget);
        lastSeen = highest;
    }

    private void prune(Connection connection) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM cache_invalidation WHERE created_at < ?")) {
            delete.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            delete.setTimestamp(1, Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC).minusSeconds(retentionSeconds)));
            delete.executeUpdate();
        }
    }

    private void forgetAll() {
        photos.forgetAll();
        owners.forgetAll();
    }
}
