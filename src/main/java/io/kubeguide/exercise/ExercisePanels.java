package io.kubeguide.exercise;

import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.view.ExerciseMarkdown;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxStatus;
import java.util.List;
import org.springframework.stereotype.Service;

/** Makes the {@link ExercisePanel} of one exercise for one learner: as it stands, after a report, after a refusal. */
@Service
public class ExercisePanels {

    static final int HISTORY_SIZE = 10;

    private final ExerciseCatalog catalog;
    private final SandboxService sandboxes;
    private final ProgressService progress;
    private final ExerciseMarkdown markdown;
    private final ReportRenderer reports;

    ExercisePanels(
            ExerciseCatalog catalog,
            SandboxService sandboxes,
            ProgressService progress,
            ExerciseMarkdown markdown,
            ReportRenderer reports) {
        this.catalog = catalog;
        this.sandboxes = sandboxes;
        this.progress = progress;
        this.markdown = markdown;
        this.reports = reports;
    }

    boolean exists(String exerciseId) {
        return catalog.find(exerciseId).isPresent();
    }

    /** @param learner null: nobody yet (no cookie), so no sandbox of theirs, history or progress */
    ExercisePanel show(String exerciseId, String learner) {
        return panel(catalog.get(exerciseId), learner, null, null, null);
    }

    /** The panel with the sandbox's status as an action (Start, Reset) left it. */
    ExercisePanel withSandbox(String exerciseId, String learner, SandboxStatus status) {
        return panel(catalog.get(exerciseId), learner, status, null, null);
    }

    /** The panel with {@code report} and the YAML it graded ({@code null}: the sandbox was checked as it is). */
    ExercisePanel graded(String exerciseId, String learner, GradeReport report, String yaml) {
        return panel(catalog.get(exerciseId), learner, null, reports.render(report), yaml);
    }

    /** The panel with the refusal in words, as a report; the editor keeps the learner's YAML. */
    ExercisePanel refused(String exerciseId, String learner, Refusal refusal, String yaml) {
        ExerciseSpec spec = catalog.get(exerciseId);
        GradeReport report = GradeReport.refused(spec.id(), List.of(Problem.general(refusal.message())), List.of(), 0);
        return panel(spec, learner, refusal.sandbox(), reports.render(report), yaml);
    }

    private ExercisePanel panel(
            ExerciseSpec spec, String learner, SandboxStatus status, RenderedReport report, String yaml) {
        return new ExercisePanel(
                view(spec, learner),
                status != null ? status : sandboxes.status(learner, spec.id()),
                report,
                yaml != null ? yaml : spec.starter(),
                learner == null ? List.of() : progress.history(learner, spec.id(), HISTORY_SIZE));
    }

    private ExerciseView view(ExerciseSpec spec, String learner) {
        return new ExerciseView(
                spec.id(),
                spec.title(),
                spec.lesson(),
                spec.section(),
                markdown.html(spec.prompt(), spec.lesson()),
                spec.starter(),
                spec.solution(),
                spec.checks().stream()
                        .map(c -> new ExerciseView.Expectation(c.id(), c.expect(), spec.sectionOf(c)))
                        .toList(),
                learner != null && progress.isSolved(learner, spec.id()));
    }
}
