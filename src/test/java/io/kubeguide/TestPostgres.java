package io.kubeguide;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;

/**
 * The real PostgreSQL tests use (as in docker-compose; {@code .ci/run} starts one): {@code GUIDE_TEST_PG_URL} (default
 * {@code jdbc:postgresql://localhost:5432/guide}), {@code GUIDE_TEST_PG_USER} and {@code GUIDE_TEST_PG_PASSWORD}
 * (default {@code guide}/{@code guide}).
 */
public final class TestPostgres {

    public static final String URL = env("GUIDE_TEST_PG_URL", "jdbc:postgresql://localhost:5432/guide");
    public static final String USER = env("GUIDE_TEST_PG_USER", "guide");
    public static final String PASSWORD = env("GUIDE_TEST_PG_PASSWORD", "guide");

    private TestPostgres() {}

    /** Skips the calling test class, saying why, when no PostgreSQL answers. */
    public static void assumeAnswers(String testClass) {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            c.isValid(5);
        } catch (SQLException e) {
            String reason = "SKIPPED: no PostgreSQL answers at " + URL + " as " + USER + " (" + e.getMessage()
                    + "); set GUIDE_TEST_PG_URL/_USER/_PASSWORD or start one (see .ci/run)";
            System.err.println("[" + testClass + "] " + reason);
            Assumptions.abort(reason);
        }
    }

    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, USER, PASSWORD);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? Objects.requireNonNull(fallback) : value;
    }
}
