package io.kubeguide.authoring;

import io.kubeguide.exercise.SandboxAnswer;
import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Submits one answer to a sandbox as a learner's submission goes ({@link SandboxAnswer}) and compares the verdict with
 * what the spec says of it.
 */
final class AnswerProof {

    /** One answer of a spec and the checks it must fail (none: it must pass). */
    record Answer(ExerciseSpec spec, String label, String yaml, Set<String> mustFail) {

        static List<Answer> of(ExerciseSpec spec) {
            List<Answer> answers = new ArrayList<>();
            answers.add(new Answer(spec, "solution", spec.solution(), Set.of()));
            for (int i = 0; i < spec.passes().size(); i++) {
                var right = spec.passes().get(i);
                answers.add(new Answer(spec, "passes[" + i + "] " + right.why(), right.yaml(), Set.of()));
            }
            for (int i = 0; i < spec.wrong().size(); i++) {
                var wrong = spec.wrong().get(i);
                answers.add(new Answer(
                        spec, "wrong[" + i + "] " + wrong.why(), wrong.yaml(), new TreeSet<>(wrong.fails())));
            }
            return answers;
        }

        String expected() {
            return mustFail.isEmpty() ? "pass" : "fail " + String.join(", ", mustFail);
        }
    }

    private final SandboxAnswer answers = new SandboxAnswer();

    Finding prove(Answer answer, Sandbox sandbox) {
        long t0 = System.nanoTime();
        ExerciseSpec spec = answer.spec();
        try {
            GradeReport report = answers.submit(spec, answer.yaml(), sandbox);
            if (!report.problems().isEmpty()) {
                return refused(answer, "refused: " + describe(report.problems()), t0);
            }
            List<CheckResult> results = report.checks();
            Set<String> failed = results.stream()
                    .filter(r -> !r.passed())
                    .map(CheckResult::id)
                    .collect(Collectors.toCollection(TreeSet::new));
            boolean ok = failed.equals(answer.mustFail());
            String detail = ok
                    ? ""
                    : results.stream()
                            .map(r -> r.id() + (r.passed() ? " ✓ " : " ✗ ") + r.message())
                            .collect(Collectors.joining("; "));
            return new Finding(
                    spec.id(),
                    answer.label(),
                    answer.expected(),
                    failed.isEmpty() ? "pass" : "fail",
                    failed,
                    millisSince(t0),
                    ok,
                    detail);
        } catch (Exception e) {
            return new Finding(
                    spec.id(),
                    answer.label(),
                    answer.expected(),
                    "error",
                    Set.of(),
                    millisSince(t0),
                    false,
                    e.toString());
        }
    }

    /** A refused answer proves nothing about a check: always a mismatch, even for a wrong answer. */
    private static Finding refused(Answer answer, String why, long t0) {
        return new Finding(
                answer.spec().id(),
                answer.label(),
                answer.expected(),
                "refused",
                Set.of(),
                millisSince(t0),
                false,
                why);
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static String describe(List<Problem> problems) {
        return problems.stream()
                .map(p -> (p.line() != null ? "line " + p.line() + ": " : "") + p.message())
                .collect(Collectors.joining("; "));
    }
}
