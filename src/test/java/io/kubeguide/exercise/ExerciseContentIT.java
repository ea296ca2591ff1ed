package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.content.ClasspathContentSource;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.exercise.grading.Grader;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.sandbox.Sandbox;
import io.kubeguide.sandbox.SandboxProperties;
import io.kubeguide.sandbox.SandboxProviders;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SharedClusterConnection;
import io.kubeguide.sandbox.WarningCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The course's own proof, on the embedded control plane (a real kube-apiserver, controllers, scheduler and KWOK
 * nodes). For EVERY exercise in the catalog:
 * <ul>
 * <li>in a fresh sandbox each, the solution and every right answer ({@code passes}) pass every check, and every
 * known-wrong answer fails exactly the checks its {@code fails} names, no more, no fewer;</li>
 * <li>in ONE sandbox, the wrong answers one after another and then the solution: a wrong first try never blocks the
 * right one (immutable objects re-created, the setup's fields taken over).</li>
 * </ul>
 * Submissions go through the same steps as a learner's: validation, server-side apply with the learner's
 * ServiceAccount, grading with the admin client. A failure names the exercise, the answer, the checks and the
 * grader's messages.
 */
class ExerciseContentIT {

    private static final Logger log = LoggerFactory.getLogger(ExerciseContentIT.class);
    private static final int PARALLEL = Integer.getInteger("content.parallel", 6);

    private static SandboxService sandboxes;
    private final ExerciseCatalog catalog = new ExerciseCatalog(ClasspathContentSource.packaged());
    private final SubmissionValidator validator = new SubmissionValidator();
    private final SubmissionApplier applier = new SubmissionApplier();
    private final Grader grader = new Grader();

    @BeforeAll
    static void sandboxes() {
        SandboxProperties properties =
                SandboxProperties.defaults().withInstanceId("content-it").withMaxConcurrent(400);
        sandboxes = new SandboxService(
                properties, SandboxProviders.of(SharedClusterConnection.provider(properties.instanceId())));
    }

    @AfterAll
    static void release() {
        if (sandboxes != null) {
            sandboxes.destroy();
        }
    }

    /** One answer and the checks it must fail (none: it must pass). */
    record Answer(ExerciseSpec spec, String label, String yaml, Set<String> mustFail) {
        String who() {
            return spec.id() + " / " + label;
        }
    }

    static List<Answer> answers(ExerciseSpec spec) {
        List<Answer> answers = new ArrayList<>();
        answers.add(new Answer(spec, "solution", spec.solution(), Set.of()));
        for (int i = 0; i < spec.passes().size(); i++) {
            var right = spec.passes().get(i);
            answers.add(new Answer(spec, "passes[" + i + "] \"" + right.why() + "\"", right.yaml(), Set.of()));
        }
        for (int i = 0; i < spec.wrong().size(); i++) {
            var wrong = spec.wrong().get(i);
            answers.add(new Answer(
                    spec, "wrong[" + i + "] \"" + wrong.why() + "\"", wrong.yaml(), new TreeSet<>(wrong.fails())));
        }
        return answers;
    }

    @Test
    void everyRightAnswerPassesAndEveryWrongAnswerFailsExactlyItsChecks() throws Exception {
        List<Callable<List<String>>> tasks = new ArrayList<>();
        int n = 0;
        for (ExerciseSpec spec : catalog.all()) {
            for (Answer answer : answers(spec)) {
                String learner = "content-" + spec.id() + "-" + n++;
                tasks.add(() -> verdictProblems(answer, sandbox(learner, spec)));
            }
        }
        assertThat(tasks).as("answers in the catalog").hasSizeGreaterThan(9 * 10);
        runAll("fresh sandboxes", tasks);
    }

    /**
     * What an earlier try left in the sandbox may change which checks a later wrong answer fails, so here a wrong
     * answer must only be applied and fail; the exact checks are proven in fresh sandboxes above.
     */
    @Test
    void aWrongAnswerNeverBlocksTheRightOneInTheSameSandbox() throws Exception {
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (ExerciseSpec spec : catalog.all()) {
            tasks.add(() -> {
                Sandbox sandbox = sandbox("content-seq-" + spec.id(), spec);
                List<String> problems = new ArrayList<>();
                for (Answer wrong : answers(spec).stream()
                        .filter(a -> !a.mustFail().isEmpty())
                        .toList()) {
                    Answer again = new Answer(spec, "after earlier tries, " + wrong.label(), wrong.yaml(), Set.of());
                    List<String> verdict = verdictProblems(again, sandbox);
                    if (verdict.isEmpty()) {
                        problems.add(again.who() + ": passed");
                    } else if (!verdict.get(0).contains("expected to fail []")) {
                        problems.addAll(verdict); // refused or not gradable: the learner would be stuck
                    }
                }
                problems.addAll(verdictProblems(
                        new Answer(spec, "solution after every wrong answer", spec.solution(), Set.of()), sandbox));
                return problems;
            });
        }
        runAll("one sandbox per exercise", tasks);
    }

    private static Sandbox sandbox(String learner, ExerciseSpec spec) throws Exception {
        return sandboxes.awaitReady(SubmissionService.request(learner, spec), Duration.ofMinutes(3));
    }

    private static void runAll(String what, List<Callable<List<String>>> tasks) throws Exception {
        long started = System.nanoTime();
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<List<String>>> results = pool.invokeAll(tasks);
            for (Future<List<String>> result : results) {
                failures.addAll(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        log.info(
                "{}: graded {} tasks in {} s",
                what,
                tasks.size(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        assertThat(failures)
                .withFailMessage(() -> "Exercise content does not behave as its spec says (" + what + "):\n"
                        + failures.stream().map(s -> "  - " + s).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    /** Submits the answer to the sandbox as a learner would, and says how the verdict differs from the spec. */
    private List<String> verdictProblems(Answer answer, Sandbox sandbox) {
        ExerciseSpec spec = answer.spec();
        long t0 = System.nanoTime();
        try {
            String ns = sandbox.namespace();
            var validated = validator.placeIn(validator.validate(answer.yaml(), spec), ns);
            if (!validated.ok()) {
                return List.of(answer.who() + ": refused by the validator: " + describe(validated.problems()));
            }
            WarningCapture warnings = new WarningCapture();
            try (KubernetesClient learnerClient = sandbox.learnerClient(warnings)) {
                var applied = applier.apply(learnerClient, sandbox.adminClient(), ns, spec, validated.objects());
                if (!applied.ok()) {
                    return List.of(answer.who() + ": refused by the API server: " + describe(applied.problems()));
                }
            }
            List<CheckResult> results = grader.grade(spec, sandbox.adminClient(), ns);
            Set<String> failed = results.stream()
                    .filter(r -> !r.passed())
                    .map(CheckResult::id)
                    .collect(Collectors.toCollection(TreeSet::new));
            log.info("{}: failed {} in {} ms", answer.who(), failed, (System.nanoTime() - t0) / 1_000_000);
            if (failed.equals(answer.mustFail())) {
                return List.of();
            }
            return List.of(answer.who() + ": expected to fail " + answer.mustFail() + " but failed " + failed + " — "
                    + results.stream()
                            .map(r -> r.id() + (r.passed() ? " ✓ " : " ✗ ") + r.message())
                            .collect(Collectors.joining("; ")));
        } catch (Exception e) {
            return List.of(answer.who() + ": could not be graded: " + e);
        }
    }

    private static String describe(List<Problem> problems) {
        return problems.stream()
                .map(p -> (p.line() != null ? "line " + p.line() + ": " : "") + p.message())
                .collect(Collectors.joining("; "));
    }
}
