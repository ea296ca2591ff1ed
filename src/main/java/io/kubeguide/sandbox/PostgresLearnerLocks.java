package io.kubeguide.sandbox;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.kubeguide.logging.LogSafe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A learner's lock across every guide replica: a PostgreSQL session advisory lock ({@code pg_advisory_lock}) on a
 * key derived from the learner's hash, held by a connection of a pool of its own for as long as the work runs (so
 * lock holders never starve the pool that stores their progress). A replica that dies loses its connections, and
 * PostgreSQL lets their locks go. At most {@code connections} learners work at once on a replica; the others wait
 * for a connection, at most {@code wait}.
 */
public final class PostgresLearnerLocks implements LearnerLocks, AutoCloseable {

    /** The first key of the two-key form: the guide's learner locks, apart from any other advisory lock. */
    private static final int LOCK_CLASS = 0x6b67_0001;

    private final HikariDataSource pool;

    public PostgresLearnerLocks(String jdbcUrl, String user, String password, int connections, Duration wait) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("learner-locks");
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(connections);
        config.setMinimumIdle(1);
        config.setConnectionTimeout(wait.toMillis());
        this.pool = new HikariDataSource(config);
    }

    @Override
    public Held lock(String learnerId) {
        int key = Integer.parseUnsignedInt(LogSafe.learnerKey(learnerId).substring(0, 8), 16);
        Connection connection = null;
        try {
            connection = pool.getConnection();
            call(connection, "SELECT pg_advisory_lock(?, ?)", key);
            Connection holder = connection;
            return () -> {
                try (holder) {
                    call(holder, "SELECT pg_advisory_unlock(?, ?)", key);
                } catch (SQLException e) {
                    // closing the connection (evicted below) lets the lock go
                    pool.evictConnection(holder);
                }
            };
        } catch (SQLException e) {
            if (connection != null) {
                pool.evictConnection(connection);
            }
            throw new IllegalStateException("could not take the learner's lock: " + e.getMessage(), e);
        }
    }

    private static void call(Connection connection, String sql, int key) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, LOCK_CLASS);
            statement.setInt(2, key);
            statement.execute();
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
