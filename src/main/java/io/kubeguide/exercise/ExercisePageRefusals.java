package io.kubeguide.exercise;

import io.kubeguide.limits.BudgetSpentException;
import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.sandbox.SandboxUnavailableException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.HandlerMapping;

/**
 * The exercise page's answer when a request is not served now (a spent budget, no sandbox yet): the {@link Refusal}'s
 * status and {@code Retry-After}, and its words in the panel, as the sandbox's status and as a report, the learner's
 * YAML kept in the editor. The page's scripts take the part they asked for from the {@code refused} fragment.
 */
@ControllerAdvice(assignableTypes = ExerciseController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ExercisePageRefusals {

    private final ExercisePanels panels;
    private final LearnerIdentity identity;

    ExercisePageRefusals(ExercisePanels panels, LearnerIdentity identity) {
        this.panels = panels;
        this.identity = identity;
    }

    @ExceptionHandler(SandboxUnavailableException.class)
    String sandboxUnavailable(
            SandboxUnavailableException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return refused(Refusal.of(e), request, response, model);
    }

    @ExceptionHandler(BudgetSpentException.class)
    String budgetSpent(BudgetSpentException e, HttpServletRequest request, HttpServletResponse response, Model model) {
        return refused(Refusal.of(e), request, response, model);
    }

    private String refused(Refusal refusal, HttpServletRequest request, HttpServletResponse response, Model model) {
        refusal.applyTo(response);
        String learner = identity.existing(request).orElse(null);
        String exerciseId = exerciseId(request);
        if (!panels.exists(exerciseId)) { // refused before the controller looked the exercise up
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "error/404";
        }
        panels.refused(exerciseId, learner, refusal, request.getParameter("yaml"))
                .addTo(model);
        return ExerciseController.isFragmentRequest(request) ? "exercise/panel :: refused" : "exercise/page";
    }

    @SuppressWarnings("unchecked")
    private static String exerciseId(HttpServletRequest request) {
        var variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables.get("id");
    }
}
