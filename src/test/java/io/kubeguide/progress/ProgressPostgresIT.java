package io.kubeguide.progress;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Progress on a real PostgreSQL (as in docker-compose). Reads {@code GUIDE_TEST_PG_URL} (default
 * {@code jdbc:postgresql://localhost:5432/guide}), {@code GUIDE_TEST_PG_USER} and {@code GUIDE_TEST_PG_PASSWORD}
 * (default {@code guide}/{@code guide}); skipped, with the reason, when no PostgreSQL answers there.
 */
@SpringBootTest(
        classes = ProgressServiceContract.ProgressTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE)
class ProgressPostgresIT extends ProgressServiceContract {

    static final String URL = env("GUIDE_TEST_PG_URL", "jdbc:postgresql://localhost:5432/guide");
    static final String USER = env("GUIDE_TEST_PG_USER", "guide");
    static final String PASSWORD = env("GUIDE_TEST_PG_PASSWORD", "guide");

    @BeforeAll
    static void postgresAnswers() {
        try (Connection c = DriverManager.getConnection(URL, USER, PASSWORD)) {
            c.isValid(5);
        } catch (SQLException e) {
            String reason = "SKIPPED: no PostgreSQL answers at " + URL + " as " + USER + " (" + e.getMessage()
                    + "); set GUIDE_TEST_PG_URL/_USER/_PASSWORD or start one (see .ci/run)";
            System.err.println("[ProgressPostgresIT] " + reason);
            Assumptions.abort(reason);
        }
    }

    @DynamicPropertySource
    static void datasource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> URL);
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> PASSWORD);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? Objects.requireNonNull(fallback) : value;
    }
}
