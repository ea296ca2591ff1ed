package io.kubeguide.authoring;

import io.kubeguide.authoring.AnswerProof.Answer;
import io.kubeguide.content.DirectoryContentSource;
import io.kubeguide.exercise.ExerciseSpecFiles;
import io.kubeguide.exercise.SubmissionService;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.lesson.LessonCatalog;
import io.kubeguide.lesson.LessonRenderer;
import io.kubeguide.sandbox.Sandbox;
import io.kubeguide.sandbox.SandboxService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * The content checker: reads a course folder as the guide would, then proves every answer of every exercise on a real
 * API server. In a fresh sandbox each (prepared with the exercise's setup), the solution and every right answer must
 * pass every check and each wrong answer must fail exactly the checks its {@code fails} names; then, in one sandbox
 * per exercise, every wrong answer one after another and the solution last: each wrong answer must be applied and
 * fail, and the solution must still pass (a wrong first try never blocks the right one).
 */
public final class ContentCheck {

    static final Duration SANDBOX_WAIT = Duration.ofMinutes(3);
    static final String ONE_SANDBOX = "all wrong answers, then solution, 1 sandbox";

    private final SandboxService sandboxes;
    private final int parallel;
    private final AnswerProof proof = new AnswerProof();

    public ContentCheck(SandboxService sandboxes, int parallel) {
        this.sandboxes = sandboxes;
        this.parallel = parallel;
    }

    /** What was found in the files and on the API server, in course order, and how long it took. */
    public record Result(List<Finding> findings, int exercises, Duration took) {

        public boolean ok() {
            return findings.stream().allMatch(Finding::ok);
        }

        public List<Finding> mismatches() {
            return findings.stream().filter(f -> !f.ok()).toList();
        }
    }

    /** @param progress told of each finding as it comes (the command prints a dot) */
    public Result run(Path contentDir, Consumer<Finding> progress) throws InterruptedException {
        long started = System.nanoTime();
        ExerciseSpecFiles.Reading reading = ExerciseSpecFiles.in(contentDir).read(null);
        List<Finding> findings = new ArrayList<>(problemsInFiles(contentDir, reading));
        List<ExerciseSpec> specs = reading.specs();
        findings.forEach(progress);
        List<Callable<Finding>> tasks = new ArrayList<>();
        int n = 0;
        for (ExerciseSpec spec : specs) {
            for (Answer answer : Answer.of(spec)) {
                String learner = "check-" + spec.id() + "-" + n++;
                tasks.add(() -> proveInFreshSandbox(learner, answer));
            }
            tasks.add(() -> proveInOneSandbox(spec));
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallel));
        try {
            List<Future<Finding>> results = new ArrayList<>();
            for (Callable<Finding> task : tasks) {
                results.add(pool.submit(() -> {
                    Finding f = task.call();
                    progress.accept(f);
                    return f;
                }));
            }
            for (Future<Finding> result : results) {
                findings.add(result.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("The checker failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return new Result(findings, specs.size(), Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * What can be told without a cluster: specs that do not parse (file and line), sections and links that go
     * nowhere, too few answers, checks no wrong answer fails.
     */
    public static List<Finding> problemsInFiles(Path contentDir) {
        return problemsInFiles(contentDir, ExerciseSpecFiles.in(contentDir).read(null));
    }

    private static List<Finding> problemsInFiles(Path contentDir, ExerciseSpecFiles.Reading reading) {
        List<Finding> findings = new ArrayList<>();
        reading.problems()
                .forEach(p -> findings.add(
                        Finding.problem(p.file() + (p.line() != null ? ":" + p.line() : ""), "spec", p.message())));
        try {
            LessonCatalog lessons = new LessonCatalog(new DirectoryContentSource(contentDir), new LessonRenderer());
            findings.addAll(new ContentRules(lessons).check(reading.specs(), s -> reading.fileOf(s.id())));
        } catch (RuntimeException e) {
            findings.add(Finding.problem("course.yaml", "lessons", e.getMessage()));
        }
        return findings;
    }

    private Finding proveInFreshSandbox(String learner, Answer answer) {
        try {
            return proof.prove(answer, sandbox(learner, answer.spec()));
        } catch (Exception e) {
            return noSandbox(answer.spec(), answer.label(), answer.expected(), e);
        }
    }

    /**
     * What an earlier try left in the sandbox may change which checks a later wrong answer fails, so here a wrong
     * answer must only be applied and fail; the exact checks are proven in fresh sandboxes.
     */
    private Finding proveInOneSandbox(ExerciseSpec spec) {
        long t0 = System.nanoTime();
        Sandbox sandbox;
        try {
            sandbox = sandbox("check-seq-" + spec.id(), spec);
        } catch (Exception e) {
            return noSandbox(spec, ONE_SANDBOX, "pass", e);
        }
        List<String> problems = new ArrayList<>();
        for (Answer wrong : Answer.of(spec)) {
            if (wrong.mustFail().isEmpty()) {
                continue;
            }
            Finding f = proof.prove(new Answer(spec, wrong.label(), wrong.yaml(), Set.of()), sandbox);
            if (f.got().equals("pass")) {
                problems.add("after earlier tries, " + wrong.label() + ": passed");
            } else if (!f.got().equals("fail")) {
                problems.add("after earlier tries, " + wrong.label() + ": " + f.detail());
            }
        }
        Finding solution = proof.prove(new Answer(spec, "solution", spec.solution(), Set.of()), sandbox);
        if (!solution.ok()) {
            problems.add("the solution after every wrong answer: " + solution.got() + " — " + solution.detail());
        }
        return new Finding(
                spec.id(),
                ONE_SANDBOX,
                "pass",
                problems.isEmpty() ? "pass" : solution.got(),
                solution.failing(),
                (System.nanoTime() - t0) / 1_000_000,
                problems.isEmpty(),
                String.join("; ", problems));
    }

    private Sandbox sandbox(String learner, ExerciseSpec spec) throws Exception {
        return sandboxes.awaitReady(SubmissionService.request(learner, spec), SANDBOX_WAIT);
    }

    private static Finding noSandbox(ExerciseSpec spec, String label, String expected, Exception e) {
        return new Finding(
                spec.id(),
                label,
                expected,
                "error",
                Set.of(),
                0,
                false,
                "no sandbox (is the setup valid?): " + e.getMessage());
    }
}
