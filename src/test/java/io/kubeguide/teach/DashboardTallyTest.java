package io.kubeguide.teach;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.progress.StoredSubmissions.Row;
import io.kubeguide.teach.Dashboard.CheckStats;
import io.kubeguide.teach.Dashboard.Count;
import io.kubeguide.teach.Dashboard.ExerciseStats;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class DashboardTallyTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 30, 9, 0, 0, 0, ZoneOffset.UTC);

    private final List<Row> rows = new ArrayList<>();

    /** A graded report: check id → failure message, or null when it passed. */
    private void graded(String learner, String exercise, int minute, Map<String, String> checks) {
        List<Map<String, Object>> list = new ArrayList<>();
        checks.forEach((id, failure) -> {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("id", id);
            c.put("expect", "expects " + id);
            c.put("passed", failure == null);
            c.put("message", failure == null ? "fine" : failure);
            list.add(c);
        });
        boolean passed = checks.values().stream().allMatch(f -> f == null);
        String report = JSON.writeValueAsString(Map.of("passed", passed, "checks", list, "problems", List.of()));
        rows.add(new Row(learner, exercise, passed, report, T0.plusMinutes(minute)));
    }

    private void refused(String learner, String exercise, int minute, String... messages) {
        List<Map<String, Object>> problems = new ArrayList<>();
        for (String m : messages) {
            problems.add(Map.of("line", 3, "column", 1, "message", m));
        }
        String report = JSON.writeValueAsString(Map.of("passed", false, "checks", List.of(), "problems", problems));
        rows.add(new Row(learner, exercise, false, report, T0.plusMinutes(minute)));
    }

    private Dashboard tally() {
        DashboardTally tally = new DashboardTally(JSON);
        rows.forEach(tally::add);
        return tally.result();
    }

    private static Map<String, String> checks(String... idAndFailure) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < idAndFailure.length; i += 2) {
            m.put(idAndFailure[i], idAndFailure[i + 1]);
        }
        return m;
    }

    @Test
    void perExerciseTriedSolvedAndMediansOverTheLearnersWhoSolved() {
        // a: refused, wrong, right (3 attempts, 10 min); then a later wrong try does not move the first pass
        refused("a", "svc", 0, "YAML error at line 3, column 1: mapping values are not allowed here");
        graded("a", "svc", 4, checks("selects", null, "routes", "port 80 does not reach 8080"));
        graded("a", "svc", 10, checks("selects", null, "routes", null));
        graded("a", "svc", 12, checks("selects", "matches 0 Pods", "routes", "matches 0 Pods"));
        // b: right at once (1 attempt, 0 s)
        graded("b", "svc", 20, checks("selects", null, "routes", null));
        // c: wrong twice, never right
        graded("c", "svc", 1, checks("selects", null, "routes", "port 80 does not reach 8080"));
        graded("c", "svc", 2, checks("selects", null, "routes", "port 80 does not reach 8080"));
        // d: 5 attempts over 30 minutes
        graded("d", "svc", 0, checks("selects", null, "routes", "port 80 does not reach 8080"));
        refused("d", "svc", 5, "Service web: unknown field \"spec.selctor\" (line 6): did you mean \"selector\"?");
        refused("d", "svc", 10, "Service web: unknown field \"spec.prots\" (line 8)", "YAML error: duplicate key");
        graded("d", "svc", 20, checks("selects", null, "routes", "other"));
        graded("d", "svc", 30, checks("selects", null, "routes", null));

        Dashboard d = tally();
        assertThat(d.learners()).isEqualTo(4);
        assertThat(d.submissions()).isEqualTo(rows.size());
        ExerciseStats svc = d.exercises().get(0);
        assertThat(svc.tried()).isEqualTo(4);
        assertThat(svc.solved()).isEqualTo(3);
        assertThat(svc.solveRateText()).isEqualTo("75%");
        assertThat(svc.medianAttempts()).isEqualTo(3.0); // 1, 3, 5
        assertThat(svc.medianTimeToSolve()).isEqualTo(Duration.ofMinutes(10)); // 0, 10, 30 min
        assertThat(svc.submissions()).isEqualTo(12);
        assertThat(svc.refused()).isEqualTo(3);

        CheckStats routes = svc.checks().get(1);
        assertThat(svc.checks()).extracting(CheckStats::id).containsExactly("selects", "routes");
        assertThat(routes.runs()).isEqualTo(9);
        assertThat(routes.failed()).isEqualTo(6);
        assertThat(routes.expect()).isEqualTo("expects routes");
        assertThat(routes.commonFailures())
                .containsExactly(
                        new Count("port 80 does not reach 8080", 4),
                        new Count("matches 0 Pods", 1),
                        new Count("other", 1));
        assertThat(svc.checks().get(0).failed()).isEqualTo(1);

        // a submission with two unknown fields and a YAML error counts once under each reason
        assertThat(d.refusals()).containsExactly(new Count("Not valid YAML", 2), new Count("Unknown field", 2));
    }

    @Test
    void anEvenNumberOfSolversGivesTheMeanOfTheMiddleTwo() {
        graded("a", "x", 0, checks("c", "no"));
        graded("a", "x", 3, checks("c", null)); // 2 attempts, 3 min
        graded("b", "x", 0, checks("c", null)); // 1 attempt, 0 min
        ExerciseStats x = tally().exercises().get(0);
        assertThat(x.medianAttempts()).isEqualTo(1.5);
        assertThat(x.medianAttemptsText()).isEqualTo("1.5");
        assertThat(x.medianTimeToSolve()).isEqualTo(Duration.ofSeconds(90));
        assertThat(x.medianTimeToSolveText()).isEqualTo("1 min 30 s");
    }

    @Test
    void nobodySolvedMeansNoMediansAndExercisesComeSortedById() {
        graded("a", "zeta", 0, checks("c", "no"));
        refused("a", "alpha", 0, "kind Deployment is not part of this exercise; allowed: Service");
        Dashboard d = tally();
        assertThat(d.exercises()).extracting(ExerciseStats::exerciseId).containsExactly("alpha", "zeta");
        ExerciseStats alpha = d.exercises().get(0);
        assertThat(alpha.solved()).isZero();
        assertThat(alpha.medianAttempts()).isNull();
        assertThat(alpha.medianAttemptsText()).isEqualTo("–");
        assertThat(alpha.medianTimeToSolveText()).isEqualTo("–");
        assertThat(alpha.checks()).isEmpty();
        assertThat(d.refusals()).containsExactly(new Count("Kind not part of the exercise", 1));
    }

    @Test
    void distinctMessagesPerCheckAreBoundedAndAnUnreadableReportIsStillASubmission() {
        for (int i = 0; i < DashboardTally.MESSAGES_PER_CHECK + 10; i++) {
            graded("l" + i, "x", 0, checks("c", "message " + i));
        }
        graded("l0", "x", 1, checks("c", "message 0"));
        rows.add(new Row("z", "x", false, "not json {", T0));
        ExerciseStats x = tally().exercises().get(0);
        assertThat(x.submissions()).isEqualTo(DashboardTally.MESSAGES_PER_CHECK + 12);
        assertThat(x.tried()).isEqualTo(DashboardTally.MESSAGES_PER_CHECK + 11);
        assertThat(x.checks().get(0).commonFailures())
                .startsWith(new Count(DashboardTally.OTHER_MESSAGES, 10), new Count("message 0", 2));
    }

    @Test
    void refusalMessagesAreSortedIntoReasons() {
        Map<String, String> reasons = Map.of(
                "Your YAML could not be read: unreadable YAML", "Not valid YAML",
                "Service web: spec.ports[0].port (line 9): must be a number", "Wrong type of value",
                "Service is served as apiVersion v1, not \"v2\": write apiVersion: v1", "Wrong apiVersion",
                "metadata.namespace is 'prod', but you can only work in your sandbox", "Another namespace",
                "image nginx:1.27 is not allowed here: use registry.k8s.io/pause:3.10",
                        "Refused by the sandbox's rules",
                "Your submission is empty: paste or write the YAML of a Kubernetes object.", "Empty submission",
                "something new", RefusalReasons.OTHER);
        reasons.forEach((message, reason) ->
                assertThat(RefusalReasons.of(message)).as(message).isEqualTo(reason));
    }
}
