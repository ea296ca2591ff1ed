package io.kubeguide.exercise;

import io.kubeguide.exercise.SubmissionValidator.ValidatedSubmission;
import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.metrics.GuideMetrics;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.sandbox.LearnerLocks;
import io.kubeguide.sandbox.Sandbox;
import io.kubeguide.sandbox.SandboxRefusedException;
import io.kubeguide.sandbox.SandboxRequest;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxStatus;
import io.kubeguide.sandbox.SandboxUnavailableException;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * A submission from YAML to report: validated before any cluster call, applied to the learner's sandbox with the
 * learner's credentials, graded on the live objects, stored with the learner's progress.
 */
@Service
public class SubmissionService {

    private final ExerciseCatalog catalog;
    private final SubmissionValidator validator;
    private final SandboxAnswer answers;
    private final SandboxService sandboxes;
    private final ProgressService progress;
    private final Duration sandboxWait;
    /** One submission at a time per learner, on every replica: they share one sandbox. */
    private final LearnerLocks locks;

    SubmissionService(
            ExerciseCatalog catalog,
            SubmissionValidator validator,
            SandboxAnswer answers,
            SandboxService sandboxes,
            ProgressService progress,
            LearnerLocks locks,
            ExerciseProperties properties) {
        this.catalog = catalog;
        this.validator = validator;
        this.answers = answers;
        this.sandboxes = sandboxes;
        this.progress = progress;
        this.locks = locks;
        this.sandboxWait = properties.sandboxWait();
    }

    public static SandboxRequest request(String learnerId, ExerciseSpec spec) {
        return request(learnerId, spec, null);
    }

    /** A sandbox request paid for by {@code client}'s budget (its address). */
    public static SandboxRequest request(String learnerId, ExerciseSpec spec, String client) {
        return new SandboxRequest(learnerId, spec.id(), spec.setup(), spec.serviceTypes(), client);
    }

    /**
     * Start: the learner's sandbox for this exercise (replacing one of another exercise), or with {@code fresh} a new
     * one (Reset), paid from {@code client}'s budget.
     */
    public SandboxStatus prepareSandbox(String learnerId, String exerciseId, String client, boolean fresh)
            throws SandboxRefusedException {
        SandboxRequest wanted = request(learnerId, catalog.get(exerciseId), client);
        return fresh ? sandboxes.reset(wanted) : sandboxes.open(wanted);
    }

    public GradeReport submit(String learnerId, String exerciseId, String yaml) throws SandboxUnavailableException {
        return submit(learnerId, exerciseId, yaml, null);
    }

    /**
     * @param client the client address, whose budget pays when this submission starts the learner's sandbox
     * @throws SandboxUnavailableException the learner's sandbox is not ready within the wait (its status says why),
     *                                     or refused ({@code SandboxRefusedException}: a budget is spent, the line
     *                                     is full)
     */
    public GradeReport submit(String learnerId, String exerciseId, String yaml, String client)
            throws SandboxUnavailableException {
        ExerciseSpec spec = catalog.get(exerciseId);
        long start = System.nanoTime();
        ValidatedSubmission checked = validator.validate(yaml, spec);
        if (!checked.ok()) {
            return store(
                    learnerId,
                    spec,
                    yaml,
                    GradeReport.refused(spec.id(), checked.problems(), List.of(), millisSince(start)),
                    start);
        }
        return inSandbox(
                learnerId,
                spec,
                client,
                (sandbox, graded) ->
                        store(learnerId, spec, yaml, answers.submit(spec, checked, sandbox, graded), start));
    }

    /** What the history shows for a check of the sandbox as it is (no YAML of the learner's was applied). */
    public static final String CHECKED_AS_IS =
            "# Checked the sandbox as it was (kubectl or earlier submissions);" + " no YAML applied.\n";

    /**
     * Grades the learner's sandbox as it is, applying nothing: however the objects got there (kubectl in the
     * terminal, earlier submissions), the same checks decide, and a pass counts as solved.
     *
     * @throws SandboxUnavailableException the learner's sandbox is not ready within the wait (its status says why)
     */
    public GradeReport check(String learnerId, String exerciseId, String client) throws SandboxUnavailableException {
        ExerciseSpec spec = catalog.get(exerciseId);
        long start = System.nanoTime();
        return inSandbox(
                learnerId,
                spec,
                client,
                (sandbox, graded) -> store(
                        learnerId,
                        spec,
                        CHECKED_AS_IS,
                        GradeReport.graded(spec.id(), answers.grade(spec, sandbox), List.of(), millisSince(graded)),
                        start));
    }

    /** Work on the learner's ready sandbox, one piece at a time per learner: they share one sandbox. */
    private GradeReport inSandbox(String learnerId, ExerciseSpec spec, String client, SandboxWork work)
            throws SandboxUnavailableException {
        try (LearnerLocks.Held held = locks.lock(learnerId)) {
            Sandbox sandbox = sandboxes.awaitReady(request(learnerId, spec, client), sandboxWait);
            sandboxes.touch(learnerId);
            return work.on(sandbox, System.nanoTime());
        }
    }

    private interface SandboxWork {
        GradeReport on(Sandbox sandbox, long startedNanos);
    }

    private GradeReport store(String learnerId, ExerciseSpec spec, String yaml, GradeReport report, long start) {
        String kept = yaml == null
                ? ""
                : yaml.length() > SubmissionValidator.MAX_BYTES
                        ? yaml.substring(0, SubmissionValidator.MAX_BYTES)
                        : yaml; // refused oversized YAML: keep the start
        progress.record(learnerId, spec.id(), kept, report.passed(), report);
        GuideMetrics.reported(spec.id(), verdict(report), Duration.ofNanos(System.nanoTime() - start));
        return report;
    }

    private static String verdict(GradeReport report) {
        return report.passed() ? "passed" : report.problems().isEmpty() ? "failed" : "refused";
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
