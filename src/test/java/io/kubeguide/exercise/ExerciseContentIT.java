package io.kubeguide.exercise;

import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The authors' promise, proved on the embedded control plane for every exercise of the course: the solution passes
 * every check, and each known-wrong answer fails at least the checks it names.
 */
class ExerciseContentIT extends EngineTestSupport {

    @Autowired
    ExerciseCatalog catalog;
    @Autowired
    SubmissionService submissions;

    @TestFactory
    List<DynamicTest> everySolutionPassesAndEveryWrongAnswerFailsOnItsChecks() {
        List<DynamicTest> tests = new ArrayList<>();
        for (ExerciseSpec spec : catalog.all()) {
            String learner = "content-" + UUID.randomUUID().toString().replace("-", "");
            tests.add(DynamicTest.dynamicTest(spec.id() + ": solution passes", () -> {
                GradeReport report = submissions.submit(learner, spec.id(), spec.solution());
                assertThat(report.problems()).as(spec.id() + " solution problems").isEmpty();
                assertThat(report.checks()).as(spec.id() + " solution").allSatisfy(c ->
                        assertThat(c.passed()).as(c.id() + ": " + c.message()).isTrue());
            }));
            for (ExerciseSpec.WrongAnswer wrong : spec.wrong()) {
                tests.add(DynamicTest.dynamicTest(spec.id() + ": wrong (" + wrong.why() + ") fails " + wrong.fails(),
                        () -> {
                            GradeReport report = submissions.submit(learner, spec.id(), wrong.yaml());
                            assertThat(report.problems()).as(wrong.why() + " was refused, not graded").isEmpty();
                            assertThat(report.passed()).isFalse();
                            List<String> failed = report.checks().stream().filter(c -> !c.passed())
                                    .map(CheckResult::id).toList();
                            assertThat(failed).as(wrong.why() + ": " + report.checks()).containsAll(wrong.fails());
                        }));
            }
        }
        return tests;
    }
}
