package io.kubeguide.exercise;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.exercise.SubmissionApplier.ApplyResult;
import io.kubeguide.exercise.SubmissionValidator.ValidatedSubmission;
import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import io.kubeguide.exercise.grading.Grader;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.sandbox.Sandbox;
import io.kubeguide.sandbox.WarningCapture;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * An answer to an exercise, in a ready sandbox, as a learner's submission goes: validated, placed in the sandbox's
 * namespace, applied with the learner's ServiceAccount ({@link SubmissionApplier}), graded on the live objects with
 * the admin client. The guide's submissions, the content checker's proofs and the deployment test all go through
 * here, so what they prove is what learners get.
 */
@Component
public class SandboxAnswer {

    private final SubmissionValidator validator;
    private final SubmissionApplier applier;
    private final Grader grader;

    @Autowired
    public SandboxAnswer(SubmissionValidator validator, SubmissionApplier applier, Grader grader) {
        this.validator = validator;
        this.applier = applier;
        this.grader = grader;
    }

    /** With parts of its own (tools and tests outside the application context). */
    public SandboxAnswer() {
        this(new SubmissionValidator(), new SubmissionApplier(), new Grader());
    }

    /** The report of {@code yaml} in {@code sandbox}: refused (its problems, no checks) or graded. */
    public GradeReport submit(ExerciseSpec spec, String yaml, Sandbox sandbox) {
        long start = System.nanoTime();
        ValidatedSubmission checked = validator.validate(yaml, spec);
        if (!checked.ok()) {
            return GradeReport.refused(spec.id(), checked.problems(), List.of(), millisSince(start));
        }
        return submit(spec, checked, sandbox, start);
    }

    /**
     * As {@link #submit(ExerciseSpec, String, Sandbox)} for an answer validated already (before its sandbox was
     * ready); the report's time counts from {@code start} ({@link System#nanoTime()}).
     */
    public GradeReport submit(ExerciseSpec spec, ValidatedSubmission valid, Sandbox sandbox, long start) {
        ValidatedSubmission placed = validator.placeIn(valid, sandbox.namespace());
        if (!placed.ok()) {
            return GradeReport.refused(spec.id(), placed.problems(), List.of(), millisSince(start));
        }
        WarningCapture warnings = new WarningCapture();
        ApplyResult applied;
        try (KubernetesClient learner = sandbox.learnerClient(warnings)) {
            applied = applier.apply(learner, sandbox.adminClient(), sandbox.namespace(), spec, placed.objects());
        }
        GradeReport report = applied.ok()
                ? GradeReport.graded(spec.id(), grade(spec, sandbox), warnings.warnings(), millisSince(start))
                : GradeReport.refused(spec.id(), applied.problems(), warnings.warnings(), millisSince(start));
        return report.withNotices(applied.notices());
    }

    /** The checks on the sandbox as it is, applying nothing. */
    public List<CheckResult> grade(ExerciseSpec spec, Sandbox sandbox) {
        return grader.grade(spec, sandbox.adminClient(), sandbox.namespace());
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
