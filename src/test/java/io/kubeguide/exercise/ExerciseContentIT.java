package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.exercise.grading.Grader;
import io.kubeguide.sandbox.Sandbox;
import io.kubeguide.sandbox.SandboxProperties;
import io.kubeguide.sandbox.SandboxProviders;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SharedClusterConnection;
import io.kubeguide.sandbox.WarningCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * nodes): for EVERY exercise in the catalog, in a fresh sandbox prepared with the exercise's setup, the solution
 * passes every check, and each known-wrong answer fails every check it names. Submissions go through the same steps
 * as a learner's: validation, server-side apply with the learner's ServiceAccount, grading with the admin client.
 * A few answers run at once, each in its own sandbox. A failure names the exercise, the answer, the check and the
 * grader's message.
 */
class ExerciseContentIT {

    private static final Logger log = LoggerFactory.getLogger(ExerciseContentIT.class);
    private static final int PARALLEL = Integer.getInteger("content.parallel", 6);

    private static SandboxService sandboxes;
    private final ExerciseCatalog catalog = new ExerciseCatalog("");
    private final SubmissionValidator validator = new SubmissionValidator();
    private final SubmissionApplier applier = new SubmissionApplier();
    private final Grader grader = new Grader();

    @BeforeAll
    static void sandboxes() {
        SandboxProperties properties = SandboxProperties.defaults().withInstanceId("content-it").withMaxConcurrent(200);
        sandboxes = new SandboxService(properties,
                SandboxProviders.of(SharedClusterConnection.provider(properties.instanceId())));
    }

    @AfterAll
    static void release() {
        if (sandboxes != null) {
            sandboxes.destroy();
        }
    }

    /** One answer to grade: the solution (wrongIndex -1) or wrong[wrongIndex]. */
    record Answer(ExerciseSpec spec, int wrongIndex, String label, String yaml, Set<String> mustFail) {
        boolean solution() {
            return wrongIndex < 0;
        }
    }

    @Test
    void everySolutionPassesAndEveryKnownWrongAnswerFailsItsChecks() throws Exception {
        List<Answer> answers = new ArrayList<>();
        for (ExerciseSpec spec : catalog.all()) {
            answers.add(new Answer(spec, -1, "solution", spec.solution(), Set.of()));
            for (int i = 0; i < spec.wrong().size(); i++) {
                var wrong = spec.wrong().get(i);
                answers.add(new Answer(spec, i, "wrong[" + i + "] \"" + wrong.why() + "\"", wrong.yaml(),
                        Set.copyOf(wrong.fails())));
            }
        }
        assertThat(answers).as("answers in the catalog").hasSizeGreaterThan(9);
        long started = System.nanoTime();
        // solutions first (they are quick), then the wrong answers (they wait out their checks' `within`)
        answers.sort((a, b) -> Boolean.compare(!a.solution(), !b.solution()));
        Map<String, List<String>> failures = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (Answer answer : answers) {
                results.add(pool.submit(() -> grade(answer)));
            }
            for (int i = 0; i < answers.size(); i++) {
                List<String> problems = results.get(i).get();
                if (!problems.isEmpty()) {
                    failures.computeIfAbsent(answers.get(i).spec().id(), k -> new ArrayList<>()).addAll(problems);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        log.info("Graded {} answers of {} exercises in {} s", answers.size(), catalog.all().size(),
                Duration.ofNanos(System.nanoTime() - started).toSeconds());
        assertThat(failures)
                .withFailMessage(() -> "Exercise content does not behave as its spec says:\n" + failures.entrySet()
                        .stream().flatMap(e -> e.getValue().stream())
                        .map(s -> "  - " + s).collect(Collectors.joining("\n")))
                .isEmpty();
    }

    private List<String> grade(Answer answer) {
        ExerciseSpec spec = answer.spec();
        String who = spec.id() + " / " + answer.label();
        String learner = "content-" + spec.id() + "-" + (answer.solution() ? "solution" : "wrong" + answer.wrongIndex());
        List<String> problems = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            Sandbox sandbox = sandboxes.awaitReady(SubmissionService.request(learner, spec),
                    Duration.ofMinutes(3));
            String ns = sandbox.namespace();
            var validated = validator.validate(answer.yaml(), spec, ns);
            if (!validated.ok()) {
                return List.of(who + ": refused by the validator: " + describe(validated.problems()));
            }
            WarningCapture warnings = new WarningCapture();
            try (KubernetesClient learnerClient = sandbox.learnerClient(warnings)) {
                var applied = applier.apply(learnerClient, ns, spec, validated.objects());
                if (!applied.ok()) {
                    return List.of(who + ": refused by the API server: " + describe(applied.problems()));
                }
            }
            List<CheckResult> results = grader.grade(spec, sandbox.adminClient(), ns);
            for (CheckResult r : results) {
                if (answer.solution() && !r.passed()) {
                    problems.add(who + ": check " + r.id() + " failed: " + r.message());
                }
                if (answer.mustFail().contains(r.id()) && r.passed()) {
                    problems.add(who + ": check " + r.id() + " passed but must fail: " + r.message());
                }
            }
            Set<String> graded = results.stream().map(CheckResult::id).collect(Collectors.toSet());
            answer.mustFail().stream().filter(id -> !graded.contains(id))
                    .forEach(id -> problems.add(who + ": names check " + id + ", which was not graded"));
            if (!warnings.warnings().isEmpty()) {
                log.info("{}: API server warnings {}", who, warnings.warnings());
            }
            log.info("{}: {} in {} ms ({})", who, problems.isEmpty() ? "as expected" : "NOT as expected",
                    (System.nanoTime() - t0) / 1_000_000, results.stream()
                            .map(r -> r.id() + (r.passed() ? "=pass" : "=fail")).collect(Collectors.joining(" ")));
        } catch (Exception e) {
            problems.add(who + ": could not be graded: " + e);
        }
        return problems;
    }

    private static String describe(List<Problem> problems) {
        return problems.stream().map(p -> (p.line() != null ? "line " + p.line() + ": " : "") + p.message())
                .collect(Collectors.joining("; "));
    }
}
