package io.kubeguide.exercise;

import io.kubeguide.progress.Learner;
import io.kubeguide.sandbox.SandboxRefusedException;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxStatus;
import io.kubeguide.sandbox.SandboxUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The exercise page and its fragments. Fragment requests (header {@code X-Requested-With}, sent by the page's scripts)
 * get the fragment; a plain browser form post gets the full page back. Reading (GET) never issues a learner id nor
 * starts, replaces or deletes a sandbox: Start, Reset and Submit (POST, CSRF) do. Budgets are paid before a grading
 * request gets here ({@link SubmissionBudget}); refusals are answered by {@link ExercisePageRefusals}.
 */
@Controller
class ExerciseController {

    private final ExercisePanels panels;
    private final SubmissionService submissions;
    private final SandboxService sandboxes;

    ExerciseController(ExercisePanels panels, SubmissionService submissions, SandboxService sandboxes) {
        this.panels = panels;
        this.submissions = submissions;
        this.sandboxes = sandboxes;
    }

    @GetMapping("/exercises/{id}")
    String page(@PathVariable String id, @Learner String learner, Model model) {
        panels.show(id, learner).addTo(model);
        return "exercise/page";
    }

    @GetMapping("/exercises/{id}/panel")
    String panel(@PathVariable String id, @Learner String learner, Model model) {
        panels.show(id, learner).addTo(model);
        return "exercise/panel :: panel";
    }

    /** The status only, which the page polls while the sandbox is in line or preparing; never starts one. */
    @GetMapping("/exercises/{id}/sandbox")
    String sandbox(@PathVariable String id, @Learner String learner, Model model) {
        panels.show(id, learner).addTo(model);
        return "exercise/panel :: status";
    }

    /**
     * Start: the learner's sandbox for this exercise (replacing one of another exercise); Reset: a fresh one. Paid
     * from the client's budget.
     */
    @PostMapping("/exercises/{id}/sandbox/{action:start|reset}")
    String sandbox(
            @PathVariable String id,
            @PathVariable String action,
            @Learner(issueCookie = true) String learner,
            Model model,
            HttpServletRequest request)
            throws SandboxRefusedException {
        SandboxStatus status = submissions.prepareSandbox(learner, id, client(request), action.equals("reset"));
        if (!isFragmentRequest(request)) {
            return "redirect:/exercises/" + id;
        }
        panels.withSandbox(id, learner, status).addTo(model);
        return "exercise/panel :: status";
    }

    @PostMapping("/exercises/{id}/submissions")
    String submit(
            @PathVariable String id,
            @RequestParam(name = "yaml", defaultValue = "") String yaml,
            @Learner(issueCookie = true) String learner,
            Model model,
            HttpServletRequest request)
            throws SandboxUnavailableException {
        panels.graded(id, learner, submissions.submit(learner, id, yaml, client(request)), yaml)
                .addTo(model);
        return report(request);
    }

    /** Check my work: grades the sandbox as it is (solved with kubectl in the terminal), applying nothing. */
    @PostMapping("/exercises/{id}/check")
    String check(
            @PathVariable String id,
            @Learner(issueCookie = true) String learner,
            Model model,
            HttpServletRequest request)
            throws SandboxUnavailableException {
        panels.graded(id, learner, submissions.check(learner, id, client(request)), null)
                .addTo(model);
        return report(request);
    }

    private static String client(HttpServletRequest request) {
        return request.getRemoteAddr();
    }

    private static String report(HttpServletRequest request) {
        return isFragmentRequest(request) ? "exercise/panel :: report" : "exercise/page";
    }

    static boolean isFragmentRequest(HttpServletRequest request) {
        return request.getHeader("X-Requested-With") != null;
    }
}
