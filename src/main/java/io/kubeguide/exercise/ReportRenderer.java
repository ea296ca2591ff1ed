package io.kubeguide.exercise;

import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import io.kubeguide.exercise.view.ExerciseMarkdown;
import org.springframework.stereotype.Component;

/**
 * The one place that turns a {@link GradeReport} into what the learner reads: the headline, hints as HTML through the
 * lessons' Markdown pipeline ({@link ExerciseMarkdown}), the section of the lesson to read. The exercise panel and the
 * JSON API both show its result; the browser script only places it.
 */
@Component
public class ReportRenderer {

    private final ExerciseCatalog catalog;
    private final ExerciseMarkdown markdown;

    public ReportRenderer(ExerciseCatalog catalog, ExerciseMarkdown markdown) {
        this.catalog = catalog;
        this.markdown = markdown;
    }

    public RenderedReport render(GradeReport report) {
        String lessonId = catalog.get(report.exerciseId()).lesson(); // hints link and sections point into it
        return new RenderedReport(
                report.exerciseId(),
                report.passed(),
                headline(report),
                report.summary(),
                report.checks().stream().map(c -> check(c, lessonId)).toList(),
                report.problems(),
                report.warnings(),
                report.gradedMillis(),
                report.notices());
    }

    static String headline(GradeReport report) {
        if (!report.problems().isEmpty()) {
            return "Your YAML was not applied";
        }
        long passed = report.checks().stream().filter(CheckResult::passed).count();
        int all = report.checks().size();
        return report.passed() ? "All " + all + " checks passed. Solved!" : passed + " of " + all + " checks passed";
    }

    private RenderedReport.Check check(CheckResult c, String lessonId) {
        boolean failed = !c.passed();
        return new RenderedReport.Check(
                c.id(),
                c.expect(),
                c.passed(),
                c.message(),
                c.hint(),
                c.section(),
                failed && c.hint() != null ? markdown.html(c.hint(), lessonId).strip() : null,
                failed && c.section() != null
                        ? new RenderedReport.Link(
                                "/lessons/" + lessonId + "#" + c.section(),
                                "Read: " + c.section().replace('-', ' '))
                        : null);
    }
}
