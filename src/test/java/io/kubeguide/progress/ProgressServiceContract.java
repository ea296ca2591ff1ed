package io.kubeguide.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.GuideLimits;
import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/** The same behaviour on every database the guide supports. */
abstract class ProgressServiceContract {

    /** Just the progress package on top of auto-configuration (DataSource, Flyway, Data JDBC, Jackson). */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({ProgressService.class, StoredSubmissions.class})
    @EnableConfigurationProperties(GuideLimits.class)
    static class ProgressTestApplication {}

    @Autowired
    ProgressService progress;

    @Autowired
    StoredSubmissions stored;

    private static GradeReport report(boolean passed) {
        CheckResult check = new CheckResult(
                "type-clusterip",
                "its type is ClusterIP",
                passed,
                passed ? "spec.type is ClusterIP" : "spec.type is NodePort; expected ClusterIP",
                passed ? null : "ClusterIP is the default type.",
                "clusterip");
        return GradeReport.graded("services-clusterip", List.of(check), List.of("a warning"), 42);
    }

    @Test
    void recordsSubmissionsAndSolvedExercises() {
        String learner = UUID.randomUUID().toString();
        progress.record(learner, "services-clusterip", "kind: Service # wrong", report(false));
        assertThat(progress.solved(learner)).isEmpty();
        progress.record(learner, "services-clusterip", "kind: Service # right", report(true));
        progress.record(learner, "services-clusterip", "kind: Service # right again", report(true));
        assertThat(progress.solved(learner)).containsExactly("services-clusterip");

        List<Submission> history = progress.history(learner, "services-clusterip", 10);
        assertThat(history)
                .extracting(Submission::yaml)
                .containsExactly("kind: Service # right again", "kind: Service # right", "kind: Service # wrong");
        assertThat(history.get(2).passed()).isFalse();
        GradeReport stored = progress.report(history.get(2));
        assertThat(stored).isEqualTo(report(false));
        assertThat(progress.history(learner, "services-clusterip", 1)).hasSize(1);
    }

    @Test
    void storedSubmissionsStreamEachLearnersTriesOldestFirstWithoutTheirYaml() {
        String a = "stream-a-" + UUID.randomUUID();
        String b = "stream-b-" + UUID.randomUUID();
        progress.record(b, "services-clusterip", "kind: Service # b", report(true));
        progress.record(a, "services-clusterip", "kind: Service # a wrong", report(false));
        progress.record(a, "services-clusterip", "kind: Service # a right", report(true));
        List<StoredSubmissions.Row> rows = new java.util.ArrayList<>();
        stored.forEach(row -> {
            if (row.learnerId().equals(a) || row.learnerId().equals(b)) { // the file database keeps earlier runs
                rows.add(row);
            }
        });
        assertThat(rows).extracting(StoredSubmissions.Row::learnerId).containsExactly(a, a, b);
        assertThat(rows).extracting(StoredSubmissions.Row::passed).containsExactly(false, true, true);
        assertThat(rows.get(0).createdAt()).isBeforeOrEqualTo(rows.get(1).createdAt());
        assertThat(rows.get(0).report()).contains("spec.type is NodePort").doesNotContain("kind: Service");
    }

    @Test
    void learnersAreSeparateAndClearForgetsOnlyOne() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        progress.record(a, "services-clusterip", "a", report(true));
        progress.record(b, "services-clusterip", "b", report(true));
        progress.clear(a);
        assertThat(progress.solved(a)).isEmpty();
        assertThat(progress.history(a, "services-clusterip", 10)).isEmpty();
        assertThat(progress.solved(b)).containsExactly("services-clusterip");
        assertThat(progress.submissionCount(b)).isEqualTo(1);
    }

    @Test
    void keepsALargeReportAndYaml() {
        String learner = UUID.randomUUID().toString();
        String yaml = "# " + "x".repeat(64 * 1024 - 2);
        progress.record(learner, "services-clusterip", yaml, report(false));
        assertThat(progress.history(learner, "services-clusterip", 1).get(0).yaml())
                .isEqualTo(yaml);
    }

    @Test
    void keepsTheNewestFiftySubmissionsPerLearnerAndExercise() {
        String learner = UUID.randomUUID().toString();
        progress.record(learner, "storage-pvc", "other exercise", report(true));
        for (int i = 0; i < 53; i++) {
            progress.record(learner, "services-clusterip", "attempt " + i, report(false));
        }
        List<Submission> history = progress.history(learner, "services-clusterip", 100);
        assertThat(history).hasSize(50);
        assertThat(history.get(0).yaml()).isEqualTo("attempt 52");
        assertThat(history.get(49).yaml()).isEqualTo("attempt 3");
        assertThat(progress.history(learner, "storage-pvc", 100)).hasSize(1);
        assertThat(progress.submissionCount(learner)).isEqualTo(51);
    }

    @Test
    void movingALearnerMovesEverythingTheyOwn() {
        String old = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        progress.record(old, "services-clusterip", "a", report(true));
        progress.record(old, "storage-pvc", "b", report(false));
        progress.moveLearner(old, fresh);
        assertThat(progress.solved(fresh)).containsExactly("services-clusterip");
        assertThat(progress.submissionCount(fresh)).isEqualTo(2);
        assertThat(progress.solved(old)).isEmpty();
        assertThat(progress.submissionCount(old)).isZero();
    }
}
