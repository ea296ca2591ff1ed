package io.kubeguide.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import io.kubeguide.limits.GuideLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.json.JsonMapper;

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
        progress.record(learner, "services-clusterip", "kind: Service # wrong", false, report(false));
        assertThat(progress.solved(learner)).isEmpty();
        progress.record(learner, "services-clusterip", "kind: Service # right", true, report(true));
        progress.record(learner, "services-clusterip", "kind: Service # right again", true, report(true));
        assertThat(progress.solved(learner)).containsExactly("services-clusterip");

        List<Submission> history = progress.history(learner, "services-clusterip", 10);
        assertThat(history)
                .extracting(Submission::yaml)
                .containsExactly("kind: Service # right again", "kind: Service # right", "kind: Service # wrong");
        assertThat(history.get(2).passed()).isFalse();
        GradeReport stored =
                JsonMapper.builder().build().readValue(history.get(2).report(), GradeReport.class);
        assertThat(stored).isEqualTo(report(false));
        assertThat(progress.history(learner, "services-clusterip", 1)).hasSize(1);
    }

    @Test
    void storedSubmissionsStreamEachLearnersTriesOldestFirstWithoutTheirYaml() {
        String a = "stream-a-" + UUID.randomUUID();
        String b = "stream-b-" + UUID.randomUUID();
        progress.record(b, "services-clusterip", "kind: Service # b", true, report(true));
        progress.record(a, "services-clusterip", "kind: Service # a wrong", false, report(false));
        progress.record(a, "services-clusterip", "kind: Service # a right", true, report(true));
        List<StoredSubmissions.Row> rows = new ArrayList<>();
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
        progress.record(a, "services-clusterip", "a", true, report(true));
        progress.record(b, "services-clusterip", "b", true, report(true));
        progress.clear(a);
        assertThat(progress.solved(a)).isEmpty();
        assertThat(progress.history(a, "services-clusterip", 10)).isEmpty();
        assertThat(progress.solved(b)).containsExactly("services-clusterip");
        assertThat(progress.history(b, "services-clusterip", 10))
                .extracting(Submission::yaml)
                .containsExactly("b");
    }

    @Test
    void keepsALargeReportAndYaml() {
        String learner = UUID.randomUUID().toString();
        String yaml = "# " + "x".repeat(64 * 1024 - 2);
        progress.record(learner, "services-clusterip", yaml, false, report(false));
        assertThat(progress.history(learner, "services-clusterip", 1).get(0).yaml())
                .isEqualTo(yaml);
    }

    @Test
    void keepsTheNewestFiftySubmissionsPerLearnerAndExercise() {
        String learner = UUID.randomUUID().toString();
        progress.record(learner, "storage-pvc", "other exercise", true, report(true));
        for (int i = 0; i < 53; i++) {
            progress.record(learner, "services-clusterip", "attempt " + i, false, report(false));
        }
        List<Submission> history = progress.history(learner, "services-clusterip", 100);
        assertThat(history).hasSize(50);
        assertThat(history.get(0).yaml()).isEqualTo("attempt 52");
        assertThat(history.get(49).yaml()).isEqualTo("attempt 3");
        assertThat(progress.history(learner, "storage-pvc", 100)).hasSize(1);
    }

    @Test
    void mergingAddsAnAnonymousLearnersWorkToAnAccountOnce() {
        String account = UUID.randomUUID().toString();
        String device = UUID.randomUUID().toString();
        progress.record(device, "services-clusterip", "solved first on the device", true, report(true));
        progress.record(account, "storage-pvc", "the account's", true, report(true));
        progress.record(account, "services-clusterip", "solved later on the account", true, report(true));
        progress.record(account, "services-nodeport", "tried", false, report(false));
        var solvedOnDevice = progress.export(device).solved().get(0).solvedAt();

        progress.mergeLearner(device, account);
        progress.mergeLearner(device, account); // again: nothing more

        assertThat(progress.solved(account)).containsExactlyInAnyOrder("services-clusterip", "storage-pvc");
        assertThat(progress.export(account).solved())
                .filteredOn(s -> s.exercise().equals("services-clusterip"))
                .extracting(ProgressExport.Solved::solvedAt)
                .containsExactly(solvedOnDevice);
        assertThat(progress.history(account, "services-clusterip", 10))
                .extracting(Submission::yaml)
                .containsExactly("solved later on the account", "solved first on the device");
        assertThat(progress.submissionCount(account)).isEqualTo(4);
        assertThat(progress.solved(device)).isEmpty();
        assertThat(progress.submissionCount(device)).isZero();
    }

    @Test
    void mergingKeepsTheNewestFiftyOfTheJoinedHistory() {
        String account = UUID.randomUUID().toString();
        String device = UUID.randomUUID().toString();
        for (int i = 0; i < 30; i++) {
            progress.record(account, "services-clusterip", "account " + i, false, report(false));
        }
        for (int i = 0; i < 30; i++) {
            progress.record(device, "services-clusterip", "device " + i, false, report(false));
        }
        progress.mergeLearner(device, account);
        List<Submission> history = progress.history(account, "services-clusterip", 100);
        assertThat(history).hasSize(50);
        assertThat(history.get(0).yaml()).isEqualTo("device 29");
        assertThat(history.get(49).yaml()).isEqualTo("account 10");
    }

    @Test
    void theExportHoldsEverySubmissionWithItsYamlAndReport() {
        String learner = UUID.randomUUID().toString();
        progress.record(learner, "services-clusterip", "kind: Service # wrong", false, report(false));
        progress.record(learner, "services-clusterip", "kind: Service # right", true, report(true));
        ProgressExport export = progress.export(learner);
        assertThat(export.solved()).extracting(ProgressExport.Solved::exercise).containsExactly("services-clusterip");
        assertThat(export.submissions())
                .extracting(ProgressExport.Attempt::yaml, ProgressExport.Attempt::passed)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("kind: Service # wrong", false),
                        org.assertj.core.groups.Tuple.tuple("kind: Service # right", true));
        assertThat(export.submissions()
                        .get(0)
                        .report()
                        .path("checks")
                        .get(0)
                        .path("message")
                        .asString())
                .isEqualTo("spec.type is NodePort; expected ClusterIP");
        assertThat(progress.export(UUID.randomUUID().toString()).submissions()).isEmpty();
    }

    @Test
    void movingALearnerMovesEverythingTheyOwn() {
        String old = UUID.randomUUID().toString();
        String fresh = UUID.randomUUID().toString();
        progress.record(old, "services-clusterip", "a", true, report(true));
        progress.record(old, "storage-pvc", "b", false, report(false));
        progress.moveLearner(old, fresh);
        assertThat(progress.solved(fresh)).containsExactly("services-clusterip");
        assertThat(progress.history(fresh, "services-clusterip", 10))
                .extracting(Submission::yaml)
                .containsExactly("a");
        assertThat(progress.history(fresh, "storage-pvc", 10))
                .extracting(Submission::yaml)
                .containsExactly("b");
        assertThat(progress.solved(old)).isEmpty();
        assertThat(progress.history(old, "services-clusterip", 10)).isEmpty();
        assertThat(progress.history(old, "storage-pvc", 10)).isEmpty();
    }
}
