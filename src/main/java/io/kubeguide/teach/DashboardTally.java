package io.kubeguide.teach;

import io.kubeguide.progress.StoredSubmissions.Row;
import io.kubeguide.teach.Dashboard.CheckStats;
import io.kubeguide.teach.Dashboard.Count;
import io.kubeguide.teach.Dashboard.ExerciseStats;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adds up stored submissions, one at a time, into a {@link Dashboard}. Each learner's tries of an exercise must come
 * oldest first (as {@code StoredSubmissions} gives them). Learner ids only tell tries apart; they never leave.
 */
final class DashboardTally {

    /** Distinct failure messages kept per check; more are counted as one "other" line (bounded memory). */
    static final int MESSAGES_PER_CHECK = 500;

    static final String OTHER_MESSAGES = "(other messages)";
    private static final int COMMONEST = 3;

    private final JsonMapper json;
    private final Map<String, ExerciseTally> exercises = new TreeMap<>();
    private final Map<String, Integer> refusals = new HashMap<>();
    private final Set<String> learners = new HashSet<>();
    private int submissions;

    DashboardTally(JsonMapper json) {
        this.json = json;
    }

    void add(Row row) {
        submissions++;
        learners.add(row.learnerId());
        ExerciseTally exercise = exercises.computeIfAbsent(row.exerciseId(), id -> new ExerciseTally());
        exercise.submissions++;
        exercise.learner(row.learnerId()).add(row.passed(), row.createdAt());

        JsonNode report = read(row.report());
        JsonNode problems = report.path("problems");
        if (problems.isArray() && !problems.isEmpty()) {
            exercise.refused++;
            Set<String> reasons = new LinkedHashSet<>();
            problems.forEach(p -> reasons.add(RefusalReasons.of(text(p, "message"))));
            reasons.forEach(r -> refusals.merge(r, 1, Integer::sum));
            return;
        }
        report.path("checks").forEach(c -> {
            CheckTally check = exercise.checks.computeIfAbsent(text(c, "id"), id -> new CheckTally());
            check.expect = text(c, "expect");
            check.runs++;
            if (!c.path("passed").asBoolean(false)) {
                check.failed(text(c, "message"));
            }
        });
    }

    Dashboard result() {
        List<ExerciseStats> stats = new ArrayList<>();
        exercises.forEach((id, e) -> stats.add(e.stats(id)));
        return new Dashboard(List.copyOf(stats), commonest(refusals, Integer.MAX_VALUE), learners.size(), submissions);
    }

    private JsonNode read(String report) {
        try {
            return json.readTree(report == null ? "{}" : report);
        } catch (JacksonException e) {
            return json.createObjectNode(); // an unreadable report counts as a submission without checks
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : "";
    }

    /** Commonest first; ties by label, so the order is the same on every reload. */
    static List<Count> commonest(Map<String, Integer> counts, int max) {
        return counts.entrySet().stream()
                .map(e -> new Count(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(Count::count).reversed().thenComparing(Count::label))
                .limit(max)
                .toList();
    }

    /** The middle value (the mean of the two middle ones for an even count); null for none. */
    static Double median(List<? extends Number> values) {
        if (values.isEmpty()) {
            return null;
        }
        double[] sorted =
                values.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static final class ExerciseTally {
        final Map<String, LearnerTally> learners = new HashMap<>();
        final Map<String, CheckTally> checks = new LinkedHashMap<>();
        int submissions;
        int refused;

        LearnerTally learner(String id) {
            return learners.computeIfAbsent(id, l -> new LearnerTally());
        }

        ExerciseStats stats(String id) {
            List<Integer> attempts = new ArrayList<>();
            List<Long> millis = new ArrayList<>();
            for (LearnerTally l : learners.values()) {
                if (l.solvedAt != null) {
                    attempts.add(l.attemptsToSolve);
                    millis.add(Duration.between(l.firstAt, l.solvedAt).toMillis());
                }
            }
            Double medianMillis = median(millis);
            List<CheckStats> checkStats = new ArrayList<>();
            checks.forEach((checkId, c) -> checkStats.add(
                    new CheckStats(checkId, c.expect, c.runs, c.failed, commonest(c.messages, COMMONEST))));
            return new ExerciseStats(
                    id,
                    learners.size(),
                    attempts.size(),
                    median(attempts),
                    medianMillis == null ? null : Duration.ofMillis(Math.round(medianMillis)),
                    submissions,
                    refused,
                    List.copyOf(checkStats));
        }
    }

    private static final class LearnerTally {
        int attempts;
        OffsetDateTime firstAt;
        OffsetDateTime solvedAt;
        int attemptsToSolve;

        void add(boolean passed, OffsetDateTime at) {
            attempts++;
            if (firstAt == null) {
                firstAt = at;
            }
            if (passed && solvedAt == null) {
                solvedAt = at;
                attemptsToSolve = attempts;
            }
        }
    }

    private static final class CheckTally {
        final Map<String, Integer> messages = new HashMap<>();
        String expect = "";
        int runs;
        int failed;

        void failed(String message) {
            failed++;
            String key =
                    messages.containsKey(message) || messages.size() < MESSAGES_PER_CHECK ? message : OTHER_MESSAGES;
            messages.merge(key, 1, Integer::sum);
        }
    }
}
