package io.kubeguide.exercise;

import io.kubeguide.limits.BodyTooLargeException;
import io.kubeguide.progress.Learner;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxStatus;
import io.kubeguide.sandbox.SandboxUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
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
 * http://localhost:8080/api/exercises/services-clusterip/submissions}. A report is answered as the page shows it
 * ({@link RenderedReport}: with its headline and hints as HTML). Budgets are paid before a grading request gets here
 * ({@link SubmissionBudget}); refusals are answered as problem JSON by {@code web.ApiRefusals}.
 */
@RestController
class ExerciseApiController {

    private final ExerciseCatalog catalog;
    private final SubmissionService submissions;
    private final ReportRenderer reports;
    private final SandboxService sandboxes;
    private final ProgressService progress;

    ExerciseApiController(
            ExerciseCatalog catalog,
            SubmissionService submissions,
            ReportRenderer reports,
            SandboxService sandboxes,
            ProgressService progress) {
        this.catalog = catalog;
        this.submissions = submissions;
        this.reports = reports;
        this.sandboxes = sandboxes;
        this.progress = progress;
    }

    record ExerciseSummary(String id, String title, String lesson, String section, boolean solved) {}

    record SubmissionBody(String yaml) {}

    @GetMapping("/api/exercises")
    List<ExerciseSummary> exercises(@Learner String learner) {
        Set<String> solved = learner == null ? Set.of() : progress.solved(learner);
        return catalog.all().stream()
                .map(s -> new ExerciseSummary(s.id(), s.title(), s.lesson(), s.section(), solved.contains(s.id())))
                .toList();
    }

    /** The status only: never starts, replaces or deletes a sandbox (a submission or the page's Start does). */
    @GetMapping("/api/exercises/{id}/sandbox")
    SandboxStatus sandbox(@PathVariable String id, @Learner String learner) {
        return sandboxes.status(learner, catalog.get(id).id());
    }

    @PostMapping(
            path = "/api/exercises/{id}/submissions",
            consumes = {"application/yaml", "text/yaml", "application/x-yaml"})
    RenderedReport submitYaml(
            @PathVariable String id,
            @RequestBody(required = false) String yaml,
            @Learner(issueCookie = true) String learner,
            HttpServletRequest request)
            throws SandboxUnavailableException {
        return reports.render(submissions.submit(learner, id, yaml, request.getRemoteAddr()));
    }

    @PostMapping(path = "/api/exercises/{id}/submissions", consumes = "application/json")
    RenderedReport submitJson(
            @PathVariable String id,
            @RequestBody SubmissionBody body,
            @Learner(issueCookie = true) String learner,
            HttpServletRequest request)
            throws SandboxUnavailableException {
        String yaml = body == null ? null : body.yaml();
        return reports.render(submissions.submit(learner, id, yaml, request.getRemoteAddr()));
    }

    /** Grades the sandbox as it is, applying nothing (an exercise solved with kubectl in the terminal). */
    @PostMapping("/api/exercises/{id}/check")
    RenderedReport check(
            @PathVariable String id, @Learner(issueCookie = true) String learner, HttpServletRequest request)
            throws SandboxUnavailableException {
        return reports.render(submissions.check(learner, id, request.getRemoteAddr()));
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
}
