package io.kubeguide.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.content.DirectoryContentSource;
import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.exercise.spec.ExerciseSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/**
 * The checker's first part, which needs no cluster: the course's files have no problem, and the broken copy's
 * problems are found where they are. ({@code ExerciseContentIT} runs the whole checker on a real API server.)
 */
class ContentFilesCheckTest {

    @Test
    void theCourseHasNoProblemInItsFiles() {
        assertThat(ContentCheck.problemsInFiles(Path.of("content")))
                .extracting(f -> f.exercise() + " / " + f.answer() + ": " + f.got())
                .isEmpty();
    }

    @Test
    void theCourseHasAllItsExercises() {
        assertThat(new ExerciseCatalog(new DirectoryContentSource(Path.of("content"))).all())
                .extracting(ExerciseSpec::id)
                .contains(
                        "services-clusterip",
                        "services-nodeport",
                        "services-loadbalancer",
                        "services-externalname",
                        "services-load-balancing",
                        "services-named-port",
                        "services-fix-no-endpoints",
                        "services-two-ports",
                        "services-fix-port-name",
                        "services-headless",
                        "services-without-selector",
                        "services-external-traffic-policy",
                        "services-fix-template-labels",
                        "storage-pvc",
                        "storage-pod-volume",
                        "storage-fix-pending-claim",
                        "storage-statefulset");
    }

    @Test
    void theBrokenCopysProblemsAreFoundWithFileAndLine() {
        List<Finding> problems = ContentCheck.problemsInFiles(Path.of("src/test/resources/content-check/broken"));

        assertThat(problems)
                .extracting(f -> f.exercise() + " | " + f.answer() + " | " + f.got())
                .containsExactlyInAnyOrder(
                        "demo/exercises/demo-not-parsing.yaml:6 | spec | unknown field 'colour'; known fields: [allow, "
                                + "checks, id, lesson, order, passes, prompt, section, serviceTypes, setup, solution, "
                                + "starter, title, wrong]",
                        "demo/lesson.md | link | link /lessons/demo#no-such-heading goes to a heading demo does not"
                                + " have",
                        "demo/exercises/demo-wrong-verdicts.yaml | anchor | port: section 'no-such-heading' is not a"
                                + " heading of demo");
        assertThat(problems).noneMatch(Finding::ok);
    }

    @Test
    void tooFewAnswersAndACheckNoWrongAnswerFailsAreProblems(@TempDir Path course) throws IOException {
        FileSystemUtils.copyRecursively(Path.of("src/test/resources/content-check/broken"), course);
        Files.delete(course.resolve("demo/exercises/demo-not-parsing.yaml"));
        Path spec = course.resolve("demo/exercises/demo-wrong-verdicts.yaml");
        String text = Files.readString(spec);
        // drop the fourth right answer, and let no wrong answer name "type" (files only: no cluster says otherwise)
        text = text.substring(0, text.indexOf("  - why: said to pass")) + text.substring(text.indexOf("wrong:"));
        Files.writeString(
                spec, text.replace("fails: [type]", "fails: [port]").replace("[exists, type, port]", "[exists, port]"));

        assertThat(ContentCheck.problemsInFiles(course))
                .filteredOn(f -> f.answer().equals("answers"))
                .extracting(f -> f.exercise() + " | " + f.got())
                .containsExactly(
                        "demo/exercises/demo-wrong-verdicts.yaml | needs at least 4 right answers written other ways"
                                + " (passes), has 3",
                        "demo/exercises/demo-wrong-verdicts.yaml | type: no wrong answer fails it");
    }
}
