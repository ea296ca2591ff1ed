package io.kubeguide.exercise;

import io.kubeguide.exercise.SubmissionRateLimiter.Decision;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.limits.BodyTooLargeException;
import io.kubeguide.limits.BudgetSpentException;
import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.sandbox.SandboxRefusedException;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxState;
import io.kubeguide.sandbox.SandboxStatus;
import io.kubeguide.sandbox.SandboxUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.exc.StreamConstraintsException;

/**
 * The JSON API: the exercise list and grading for scripts, e.g.
 * {@code curl -c jar -b jar -H 'Content-Type: application/yaml' --data-binary @svc.yaml
 * http://localhost:8080/api/exercises/services-clusterip/submissions}.
 */
@RestController
class ExerciseApiController {

    private final ExerciseCatalog catalog;
    private final SubmissionService submissions;
    private final SubmissionRateLimiter rateLimiter;
    private final SandboxService sandboxes;
    private final ProgressService progress;
    private final LearnerIdentity identity;

    ExerciseApiController(
            ExerciseCatalog catalog,
            SubmissionService submissions,
            SubmissionRateLimiter rateLimiter,
            SandboxService sandboxes,
            ProgressService progress,
            LearnerIdentity identity) {
        this.catalog = catalog;
        this.submissions = submissions;
        this.rateLimiter = rateLimiter;
        this.sandboxes = sandboxes;
        this.progress = progress;
        this.identity = identity;
    }

    record ExerciseSummary(String id, String title, String lesson, String section, boolean solved) {}

    record SubmissionBody(String yaml) {}

    @GetMapping("/api/exercises")
    List<ExerciseSummary> exercises(HttpServletRequest request) {
        Set<String> solved = identity.existing(request).map(progress::solved).orElse(Set.of());
        return catalog.all().stream()
                .map(s -> new ExerciseSummary(s.id(), s.title(), s.lesson(), s.section(), solved.contains(s.id())))
                .toList();
    }

    /** The status only: never starts, replaces or deletes a sandbox (a submission or the page's Start does). */
    @GetMapping("/api/exercises/{id}/sandbox")
    SandboxStatus sandbox(@PathVariable String id, HttpServletRequest request) {
        ExerciseSpec spec = catalog.get(id);
        return sandboxes.status(identity.existing(request).orElse(null), spec.id());
    }

    @PostMapping(
            path = "/api/exercises/{id}/submissions",
            consumes = {"application/yaml", "text/yaml", "application/x-yaml"})
    ResponseEntity<?> submitYaml(
            @PathVariable String id,
            @RequestBody(required = false) String yaml,
            HttpServletRequest request,
            HttpServletResponse response)
            throws SandboxUnavailableException {
        return submit(id, yaml, request, response);
    }

    @PostMapping(path = "/api/exercises/{id}/submissions", consumes = "application/json")
    ResponseEntity<?> submitJson(
            @PathVariable String id,
            @RequestBody SubmissionBody body,
            HttpServletRequest request,
            HttpServletResponse response)
            throws SandboxUnavailableException {
        return submit(id, body == null ? null : body.yaml(), request, response);
    }

    /** Grades the sandbox as it is, applying nothing (an exercise solved with kubectl in the terminal). */
    @PostMapping("/api/exercises/{id}/check")
    ResponseEntity<?> check(@PathVariable String id, HttpServletRequest request, HttpServletResponse response)
            throws SandboxUnavailableException {
        return graded(
                id,
                request,
                response,
                (learner, spec) -> submissions.check(learner, spec.id(), request.getRemoteAddr()));
    }

    private ResponseEntity<?> submit(String id, String yaml, HttpServletRequest request, HttpServletResponse response)
            throws SandboxUnavailableException {
        return graded(
                id,
                request,
                response,
                (learner, spec) -> submissions.submit(learner, spec.id(), yaml, request.getRemoteAddr()));
    }

    /** The report, within the learner's budget of submissions. */
    private ResponseEntity<?> graded(
            String id, HttpServletRequest request, HttpServletResponse response, Grading grading)
            throws SandboxUnavailableException {
        ExerciseSpec spec = catalog.get(id);
        String learner = identity.resolve(request, response);
        Decision decision = rateLimiter.tryAcquire(learner, request.getRemoteAddr());
        if (!decision.allowed()) {
            return tooMany("Too many submissions", decision.message(), decision.retryAfter());
        }
        return ResponseEntity.ok(grading.grade(learner, spec));
    }

    @ExceptionHandler(SandboxRefusedException.class)
    ResponseEntity<ProblemDetail> sandboxRefused(SandboxRefusedException e) {
        return tooMany("No sandbox now", e.getMessage(), e.retryAfter());
    }

    @ExceptionHandler(BudgetSpentException.class)
    ResponseEntity<ProblemDetail> budgetSpent(BudgetSpentException e) {
        return tooMany("Too many new learners", e.getMessage(), e.retryAfter());
    }

    private static ResponseEntity<ProblemDetail> tooMany(String title, String detail, Duration retryAfter) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail);
        problem.setTitle(title);
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())))
                .body(problem);
    }

    /** A body past the size limit while it streamed (413), or one that is not JSON of the expected shape (400). */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                ProblemDetail problem =
                        ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, tooLarge.sentence());
                problem.setTitle("Request too large");
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .header(HttpHeaders.CONNECTION, "close")
                        .body(problem);
            }
            if (cause instanceof StreamConstraintsException limit) {
                return badRequest("The JSON goes beyond what the guide reads (" + limit.getOriginalMessage()
                        + "). Send {\"yaml\": \"...\"} with YAML of at most 64 KiB.");
            }
        }
        return badRequest("The body could not be read as a submission: send YAML (Content-Type: application/yaml) "
                + "or JSON {\"yaml\": \"...\"} (Content-Type: application/json).");
    }

    private static ResponseEntity<ProblemDetail> badRequest(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setTitle("Unreadable submission");
        return ResponseEntity.badRequest().body(problem);
    }

    /**
     * Still in line or preparing after the wait: 429 with {@code Retry-After} (come back then; the guide is busy, not
     * broken). Failed or unavailable: 503.
     */
    @ExceptionHandler(SandboxUnavailableException.class)
    ResponseEntity<ProblemDetail> sandboxUnavailable(SandboxUnavailableException e) {
        HttpStatus code = waiting(e.status()) ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code, e.getMessage());
        problem.setTitle("Your sandbox is not ready");
        problem.setProperty("sandbox", e.status());
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(code);
        if (e.status() != null && e.status().expectedWait() != null) {
            builder.header(
                    HttpHeaders.RETRY_AFTER,
                    String.valueOf(Math.max(1, e.status().expectedWait().toSeconds())));
        } else if (code == HttpStatus.TOO_MANY_REQUESTS) {
            builder.header(HttpHeaders.RETRY_AFTER, "5");
        }
        return builder.body(problem);
    }

    static boolean waiting(SandboxStatus status) {
        return status != null && (status.state() == SandboxState.QUEUED || status.state() == SandboxState.PREPARING);
    }

    @ExceptionHandler(ExerciseNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(ExerciseNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("No such exercise");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }
}
