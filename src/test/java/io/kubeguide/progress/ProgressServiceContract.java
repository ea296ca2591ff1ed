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
    @Import(ProgressService.class)
    @EnableConfigurationProperties(GuideLimits.class)
    static class ProgressTestApplication {}

    @Autowired
    ProgressService progress;

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
    void mergingAddsAnAnonymousLearnersWorkToAnAccountOnce() {
        String account = UUID.randomUUID().toString();
        String device = UUID.randomUUID().toString();
        progress.record(device, "services-clusterip", "solved first on the device", report(true));
        progress.record(account, "storage-pvc", "the account's", report(true));
        progress.record(account, "services-clusterip", "solved later on the account", report(true));
        progress.record(account, "services-nodeport", "tried", report(false));
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
            progress.record(account, "services-clusterip", "account " + i, report(false));
        }
        for (int i = 0; i < 30; i++) {
            progress.record(device, "services-clusterip", "device " + i, report(false));
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
        progress.record(learner, "services-clusterip", "kind: Service # wrong", report(false));
        progress.record(learner, "services-clusterip", "kind: Service # right", report(true));
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
        progress.record(old, "services-clusterip", "a", report(true));
        progress.record(old, "storage-pvc", "b", report(false));
        progress.moveLearner(old, fresh);
        assertThat(progress.solved(fresh)).containsExactly("services-clusterip");
        assertThat(progress.submissionCount(fresh)).isEqualTo(2);
        assertThat(progress.solved(old)).isEmpty();
        assertThat(progress.submissionCount(old)).isZero();
    }
}
