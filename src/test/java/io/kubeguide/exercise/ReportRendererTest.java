package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.content.ClasspathContentSource;
import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.exercise.view.ExerciseMarkdown;
import io.kubeguide.lesson.LessonRenderer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The words and HTML of a report, as both the panel and the JSON API show them. */
class ReportRendererTest {

    static final ReportRenderer RENDERER = new ReportRenderer(
            new ExerciseCatalog(ClasspathContentSource.packaged()), new ExerciseMarkdown(new LessonRenderer()));

    static CheckResult check(String id, boolean passed, String hint) {
        return new CheckResult(id, "expect " + id, passed, "found " + id, hint, "creating-a-service");
    }

    @Test
    void aPassingReportSaysSolved() {
        var report = GradeReport.graded(
                "services-clusterip", List.of(check("a", true, null), check("b", true, "unused")), List.of(), 5);
        RenderedReport rendered = RENDERER.render(report);
        assertThat(rendered.headline()).isEqualTo("All 2 checks passed. Solved!");
        assertThat(rendered.checks()).allSatisfy(c -> {
            assertThat(c.hintHtml()).as("no hint on a passed check").isNull();
            assertThat(c.read()).isNull();
        });
    }

    @Test
    void aFailedCheckGetsItsHintThroughTheLessonsPipelineSanitisedAndItsSection() {
        var report = GradeReport.graded(
                "services-clusterip",
                List.of(
                        check("a", true, null),
                        check("b", false, "Set `port: 80`. <script>alert(1)</script> See [ports](lesson.md#ports).")),
                List.of(),
                5);
        RenderedReport rendered = RENDERER.render(report);
        assertThat(rendered.headline()).isEqualTo("1 of 2 checks passed");
        assertThat(rendered.summary()).isEqualTo("1 of 2 checks passed.");
        RenderedReport.Check failed = rendered.checks().get(1);
        assertThat(failed.hintHtml())
                .contains("<code>port: 80</code>")
                .contains("href=\"/lessons/services#ports\"")
                .doesNotContain("<script");
        assertThat(failed.read())
                .isEqualTo(new RenderedReport.Link("/lessons/services#creating-a-service", "Read: creating a service"));
    }

    @Test
    void refusedYamlSaysItWasNotAppliedAndKeepsTheProblemsLines() {
        var report = GradeReport.refused(
                "services-clusterip", List.of(new Problem(4, 3, "unknown field \"prots\"")), List.of(), 1);
        RenderedReport rendered = RENDERER.render(report);
        assertThat(rendered.headline()).isEqualTo("Your YAML was not applied");
        assertThat(rendered.problems()).containsExactly(new Problem(4, 3, "unknown field \"prots\""));
        assertThat(rendered.checks()).isEmpty();
    }
}
