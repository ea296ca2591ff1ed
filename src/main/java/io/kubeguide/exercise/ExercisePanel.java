package io.kubeguide.exercise;

import io.kubeguide.progress.Submission;
import io.kubeguide.sandbox.SandboxStatus;
import java.util.List;
import org.springframework.ui.Model;

/**
 * Everything the exercise panel ({@code templates/exercise/panel.html}) shows, made by {@link ExercisePanels}.
 *
 * @param status  the learner's sandbox; null when there is no learner yet
 * @param report  the report to show; null when there is none
 * @param yaml    the editor's text
 * @param history the learner's submissions, newest first
 */
record ExercisePanel(
        ExerciseView exercise, SandboxStatus status, RenderedReport report, String yaml, List<Submission> history) {

    /** The panel's parts as the model attributes the templates name. */
    void addTo(Model model) {
        model.addAttribute("exercise", exercise);
        model.addAttribute("status", status);
        model.addAttribute("report", report);
        model.addAttribute("yaml", yaml);
        model.addAttribute("history", history);
    }
}
