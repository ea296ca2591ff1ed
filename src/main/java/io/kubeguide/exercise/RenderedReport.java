package io.kubeguide.exercise;

import io.kubeguide.exercise.grading.GradeReport.Problem;
import java.util.List;

/**
 * A report as the learner reads it, words and HTML made on the server ({@link ReportRenderer}): the exercise panel
 * shows it, and it is the JSON of the grading API. It keeps every field of {@code GradeReport} and adds the
 * {@code headline} and, per check, the hint as sanitised HTML and the lesson section to read.
 */
public record RenderedReport(
        String exerciseId,
        boolean passed,
        String headline,
        String summary,
        List<Check> checks,
        List<Problem> problems,
        List<String> warnings,
        long gradedMillis,
        List<String> notices) {

    /**
     * One check as the learner reads it.
     *
     * @param hintHtml the hint through the lessons' Markdown pipeline; null when the check passed or has none
     * @param read     where the lesson explains it; null when the check passed or names no section
     */
    public record Check(
            String id,
            String expect,
            boolean passed,
            String message,
            String hint,
            String section,
            String hintHtml,
            Link read) {}

    /** A link: where it goes and what it says. */
    public record Link(String href, String text) {}

    public long checksPassed() {
        return checks.stream().filter(Check::passed).count();
    }
}
