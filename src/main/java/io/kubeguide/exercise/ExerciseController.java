package io.kubeguide.exercise;

import io.kubeguide.exercise.SubmissionRateLimiter.Decision;
import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.view.ExerciseMarkdown;
import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.sandbox.SandboxRefusedException;
import io.kubeguide.sandbox.SandboxRequest;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxStatus;
import io.kubeguide.sandbox.SandboxUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The exercise page and its fragments. Fragment requests (header {@code HX-Request} or
 * {@code X-Requested-With}) get the fragment; a plain browser form post gets the full page back. Reading (GET) never
 * issues a learner id nor starts, replaces or deletes a sandbox: Start, Reset and Submit (POST, CSRF) do.
 */
@Controller
class ExerciseController {

    static final int HISTORY_SIZE = 10;

    private final ExerciseCatalog catalog;
    private final SubmissionService submissions;
    private final SubmissionRateLimiter rateLimiter;
    private final SandboxService sandboxes;
    private final ProgressService progress;
    private final LearnerIdentity identity;
    private final ExerciseMarkdown markdown;

    ExerciseController(
            ExerciseCatalog catalog,
            SubmissionService submissions,
            SubmissionRateLimiter rateLimiter,
            SandboxService sandboxes,
            ProgressService progress,
            LearnerIdentity identity,
            ExerciseMarkdown markdown) {
        this.catalog = catalog;
        this.submissions = submissions;
        this.rateLimiter = rateLimiter;
        this.sandboxes = sandboxes;
        this.progress = progress;
        this.identity = identity;
        this.markdown = markdown;
    }

    @GetMapping("/exercises/{id}")
    String page(@PathVariable String id, Model model, HttpServletRequest request) {
        ExerciseSpec spec = catalog.get(id);
        String learner = identity.existing(request).orElse(null);
        fill(model, spec, learner, statusOf(learner, spec), null, null);
        return "exercise/page";
    }

    @GetMapping("/exercises/{id}/panel")
    String panel(@PathVariable String id, Model model, HttpServletRequest request) {
        ExerciseSpec spec = catalog.get(id);
        String learner = identity.existing(request).orElse(null);
        fill(model, spec, learner, statusOf(learner, spec), null, null);
        return "exercise/panel :: panel";
    }

    /** The status only: polling it never starts, replaces or deletes a sandbox. */
    @GetMapping("/exercises/{id}/sandbox")
    String sandbox(@PathVariable String id, Model model, HttpServletRequest request) {
        ExerciseSpec spec = catalog.get(id);
        String learner = identity.existing(request).orElse(null);
        model.addAttribute("exercise", view(spec, learner));
        model.addAttribute("status", statusOf(learner, spec));
        return "exercise/panel :: status";
    }

    /** Start: the learner's sandbox for this exercise (replacing one of another exercise), from their budget. */
    @PostMapping("/exercises/{id}/sandbox/start")
    String start(@PathVariable String id, Model model, HttpServletRequest request, HttpServletResponse response) {
        return sandboxAction(id, false, model, request, response);
    }

    @PostMapping("/exercises/{id}/sandbox/reset")
    String reset(@PathVariable String id, Model model, HttpServletRequest request, HttpServletResponse response) {
        return sandboxAction(id, true, model, request, response);
    }

    private String sandboxAction(
            String id, boolean fresh, Model model, HttpServletRequest request, HttpServletResponse response) {
        ExerciseSpec spec = catalog.get(id);
        String learner = identity.resolve(request, response);
        SandboxRequest wanted = SubmissionService.request(learner, spec, request.getRemoteAddr());
        SandboxStatus status;
        boolean refused = false;
        try {
            status = fresh ? sandboxes.reset(wanted) : sandboxes.open(wanted);
        } catch (SandboxRefusedException e) {
            tooManyRequests(response, e.retryAfter());
            status = e.status();
            refused = true;
        }
        if (isFragmentRequest(request)) {
            model.addAttribute("exercise", view(spec, learner));
            model.addAttribute("status", status);
            return "exercise/panel :: status";
        }
        if (refused) {
            fill(model, spec, learner, status, null, null);
            return "exercise/page";
        }
        return "redirect:/exercises/" + spec.id();
    }

    @PostMapping("/exercises/{id}/submissions")
    String submit(
            @PathVariable String id,
            @RequestParam(name = "yaml", defaultValue = "") String yaml,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response) {
        return graded(
                id,
                yaml,
                model,
                request,
                response,
                (learner, spec) -> submissions.submit(learner, spec.id(), yaml, request.getRemoteAddr()));
    }

    /** Check my work: grades the sandbox as it is (solved with kubectl in the terminal), applying nothing. */
    @PostMapping("/exercises/{id}/check")
    String check(@PathVariable String id, Model model, HttpServletRequest request, HttpServletResponse response) {
        return graded(
                id,
                null,
                model,
                request,
                response,
                (learner, spec) -> submissions.check(learner, spec.id(), request.getRemoteAddr()));
    }

    /** A report for the panel: within the learner's budget, with the sandbox's status when there is none. */
    private String graded(
            String id,
            String yaml,
            Model model,
            HttpServletRequest request,
            HttpServletResponse response,
            Grading grading) {
        ExerciseSpec spec = catalog.get(id);
        String learner = identity.resolve(request, response);
        GradeReport report;
        SandboxStatus status = null;
        Decision decision = rateLimiter.tryAcquire(learner, request.getRemoteAddr());
        if (!decision.allowed()) {
            tooManyRequests(response, decision.retryAfter());
            report = refused(spec, decision.message());
        } else {
            try {
                report = grading.grade(learner, spec);
            } catch (SandboxRefusedException e) {
                tooManyRequests(response, e.retryAfter());
                report = refused(spec, e.getMessage());
                status = e.status();
            } catch (SandboxUnavailableException e) {
                response.setStatus(
                        ExerciseApiController.waiting(e.status())
                                ? HttpStatus.TOO_MANY_REQUESTS.value()
                                : HttpStatus.SERVICE_UNAVAILABLE.value());
                report = refused(spec, e.getMessage());
            }
        }
        fill(model, spec, learner, status != null ? status : statusOf(learner, spec), report, yaml);
        return isFragmentRequest(request) ? "exercise/panel :: report" : "exercise/page";
    }

    private static void tooManyRequests(HttpServletResponse response, Duration retryAfter) {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())));
    }

    private static GradeReport refused(ExerciseSpec spec, String message) {
        return GradeReport.refused(spec.id(), List.of(Problem.general(message)), List.of(), 0);
    }

    private SandboxStatus statusOf(String learner, ExerciseSpec spec) {
        return sandboxes.status(learner, spec.id()); // null: no learner yet, so no sandbox
    }

    private void fill(
            Model model, ExerciseSpec spec, String learner, SandboxStatus status, GradeReport report, String yaml) {
        model.addAttribute("exercise", view(spec, learner));
        model.addAttribute("status", status);
        model.addAttribute("report", report);
        model.addAttribute("yaml", yaml != null ? yaml : spec.starter());
        model.addAttribute("history", learner == null ? List.of() : progress.history(learner, spec.id(), HISTORY_SIZE));
    }

    private ExerciseView view(ExerciseSpec spec, String learner) {
        return new ExerciseView(
                spec.id(),
                spec.title(),
                spec.lesson(),
                spec.section(),
                markdown.html(spec.prompt(), spec.lesson()),
                spec.starter(),
                spec.checks().stream()
                        .map(c -> new ExerciseView.Expectation(c.id(), c.expect(), spec.sectionOf(c)))
                        .toList(),
                learner != null && progress.isSolved(learner, spec.id()));
    }

    static boolean isFragmentRequest(HttpServletRequest request) {
        return request.getHeader("HX-Request") != null || request.getHeader("X-Requested-With") != null;
    }
}
