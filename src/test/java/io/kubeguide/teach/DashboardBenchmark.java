package io.kubeguide.teach;

import io.kubeguide.progress.StoredSubmissions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * How long the dashboard takes on a big course (not a timed test: a measurement, opt-in with {@code -Dbench=true}):
 * {@code bench.learners} learners (1000) × 5 exercises × 10 submissions with reports like the grader's, in an H2
 * file database, then the dashboard computed 10 times. Figures to stdout and {@code target/bench/teach.txt}.
 * <pre>./mvnw -q test -Dtest=DashboardBenchmark -Dbench=true</pre>
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
@SpringBootTest(
        classes = DashboardBenchmark.BenchApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.datasource.url=jdbc:h2:file:./target/bench/teach-h2/progress")
class DashboardBenchmark {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({StoredSubmissions.class, Dashboards.class})
    static class BenchApplication {}

    private static final int LEARNERS = Integer.getInteger("bench.learners", 1000);

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JsonMapper json;

    @Autowired
    Dashboards dashboards;

    @Test
    void dashboardOnABigCourse() throws Exception {
        jdbc.update("DELETE FROM submission");
        List<Object[]> batch = new ArrayList<>();
        Instant t0 = Instant.parse("2026-11-01T00:00:00Z");
        int n = 0;
        for (int l = 0; l < LEARNERS; l++) {
            for (int e = 0; e < 5; e++) {
                for (int s = 0; s < 10; s++) {
                    boolean refused = s % 5 == 0;
                    boolean passed = s == 9;
                    List<Map<String, Object>> checks = new ArrayList<>();
                    for (int c = 0; c < 6; c++) {
                        boolean ok = passed || c != s % 6;
                        checks.add(Map.of(
                                "id",
                                "check-" + c,
                                "expect",
                                "the Service does thing " + c + " as the lesson says",
                                "passed",
                                ok,
                                "message",
                                ok ? "fine" : "port 80 routes to " + (s % 3) + " ready endpoints on port 80",
                                "hint",
                                "a hint of a sentence or two about targetPort and the Pods' ports",
                                "section",
                                "named-ports"));
                    }
                    String report = json.writeValueAsString(Map.of(
                            "exerciseId",
                            "exercise-" + e,
                            "passed",
                            passed,
                            "checks",
                            refused ? List.of() : checks,
                            "problems",
                            refused
                                    ? List.of(Map.of(
                                            "line",
                                            6,
                                            "column",
                                            3,
                                            "message",
                                            "Service web: unknown field \"spec.selctor\" (line 6)"))
                                    : List.of()));
                    batch.add(new Object[] {
                        "learner-" + l,
                        "exercise-" + e,
                        "# yaml",
                        passed,
                        report,
                        Timestamp.from(t0.plusSeconds(l * 1000L + e * 100L + s * 10L))
                    });
                    n++;
                }
            }
            if (batch.size() >= 5000) {
                insert(batch);
            }
        }
        insert(batch);

        long[] millis = new long[10];
        Dashboard d = null;
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            d = dashboards.current();
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        long[] warm = Arrays.copyOfRange(millis, 2, millis.length);
        Arrays.sort(warm);
        String figures = String.format(
                "teach dashboard: %d submissions (%d learners x 5 exercises x 10), report ~%d bytes;"
                        + " first %d ms, warm median %d ms, warm max %d ms; %d exercises, %d learners counted%n",
                n,
                LEARNERS,
                jdbc.queryForObject("SELECT AVG(LENGTH(report)) FROM submission", Integer.class),
                millis[0],
                warm[warm.length / 2],
                warm[warm.length - 1],
                d.exercises().size(),
                d.learners());
        System.out.print(figures);
        Files.createDirectories(Path.of("target", "bench"));
        Files.writeString(Path.of("target", "bench", "teach.txt"), figures);
    }

    private void insert(List<Object[]> batch) {
        jdbc.batchUpdate(
                "INSERT INTO submission (learner_id, exercise_id, yaml, passed, report, created_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)",
                batch);
        batch.clear();
    }
}
