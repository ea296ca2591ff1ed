package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.authoring.ContentCheckCommand;
import io.kubeguide.content.DirectoryContentSource;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.sandbox.embedded.SharedEmbeddedCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The course's own proof is the content checker authors run ({@code java -jar guide.jar --check-content=./content}),
 * called here the way the jar calls it, on the embedded control plane of this test JVM (a real kube-apiserver,
 * controllers, scheduler and KWOK nodes), reached as provider {@code cluster}. For every exercise the solution and
 * every right answer pass, every wrong answer fails exactly the checks it names, and in one sandbox the wrong answers
 * one after another never block the solution. On failure, the message is the checker's table and, for each mismatch,
 * the exercise, the answer and the grader's message for every check.
 */
class ExerciseContentIT {

    private static final int PARALLEL = Integer.getInteger("content.parallel", 6);
    private static final Pattern SCAFFOLD =
            Pattern.compile("<!-- scaffold: (\\S+) .*?-->\\s*```yaml\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern ROW_END = Pattern.compile("\\s(ok|MISMATCH)$");

    @Test
    void everyRightAnswerPassesAndEveryWrongAnswerFailsExactlyItsChecks() {
        Run run = check("content");

        List<String> rows = run.rows();
        assertThat(run.status)
                .withFailMessage("Exercise content does not behave as its spec says:\n%s", run.output)
                .isZero();
        assertThat(rows).as("every row of the table").allMatch(r -> r.endsWith(" ok"));
        ExerciseCatalog course = new ExerciseCatalog(new DirectoryContentSource(Path.of("content")));
        for (ExerciseSpec spec : course.all()) {
            // the solution, every right and wrong answer, and the run in one sandbox: each a row
            int answers = 1 + spec.passes().size() + spec.wrong().size() + 1;
            assertThat(rows.stream().filter(r -> r.startsWith(spec.id() + " ")))
                    .as("rows of %s", spec.id())
                    .hasSize(answers);
        }
        assertThat(run.output).contains(course.all().size() + " exercise(s)", " 0 mismatch(es)");
    }

    /** A small course with every kind of mistake: the checker says where each one is and exits 1. */
    @Test
    void aBrokenCopyFailsWithTheRightRows() {
        Run run = check("src/test/resources/content-check/broken");

        assertThat(run.status).as(run.output).isEqualTo(1);
        assertThat(run.row("demo/exercises/demo-not-parsing.yaml:6", "spec"))
                .contains("unknown field 'colour'")
                .endsWith("MISMATCH");
        assertThat(run.row("demo/exercises/demo-wrong-verdicts.yaml", "anchor"))
                .contains("port: section 'no-such-heading'")
                .endsWith("MISMATCH");
        assertThat(run.row("demo/lesson.md", "link"))
                .contains("/lessons/demo#no-such-heading")
                .endsWith("MISMATCH");
        assertThat(run.row("demo-wrong-verdicts", "solution")).contains("pass").endsWith(" ok");
        assertThat(run.row("demo-wrong-verdicts", "passes[3] said to pass, but on port 81"))
                .contains(" pass ", " fail ", " port ")
                .endsWith("MISMATCH");
        assertThat(run.row("demo-wrong-verdicts", "wrong[4] said to fail the type"))
                .contains("fail type", " port ")
                .endsWith("MISMATCH");
        assertThat(run.row("demo-wrong-verdicts", "wrong[1] port 81")).endsWith(" ok");
        assertThat(run.row("demo-wrong-verdicts", "all wrong answers, then solution, 1 sandbox"))
                .endsWith(" ok");
        assertThat(run.output)
                .contains("demo-wrong-verdicts / wrong[4] said to fail the type, but fails the port: expected fail"
                        + " type, got fail — exists ✓")
                .contains("1 exercise(s)")
                .contains("link /lessons/demo#no-such-heading goes to a heading demo does not have")
                .contains("anchor: expected no problem, got port: section 'no-such-heading' is not a heading of demo")
                .contains(" 5 mismatch(es)");
    }

    /** The scaffold of {@code content/README.md}, copied into a course as the README says, passes as it is. */
    @Test
    void theScaffoldAuthorsStartFromPasses(@TempDir Path course) throws IOException {
        String readme = Files.readString(Path.of("content", "README.md"));
        Matcher scaffold = SCAFFOLD.matcher(readme);
        assertThat(scaffold.find()).as("a scaffold block in content/README.md").isTrue();
        Files.copy(Path.of("content", "course.yaml"), course.resolve("course.yaml"));
        for (String lesson : List.of("services", "storage")) {
            Files.createDirectories(course.resolve(lesson));
            Files.copy(
                    Path.of("content", lesson, "lesson.md"),
                    course.resolve(lesson).resolve("lesson.md"));
        }
        Path file = course.resolve(scaffold.group(1));
        Files.createDirectories(file.getParent());
        Files.writeString(file, scaffold.group(2));

        Run run = check(course.toString());

        assertThat(run.status)
                .withFailMessage("The scaffold does not pass:\n%s", run.output)
                .isZero();
        assertThat(run.rows()).hasSize(1 + 4 + 5 + 1).allMatch(r -> r.startsWith("services-my-exercise "));
    }

    private static Run check(String folder) {
        String kubeconfig = SharedEmbeddedCluster.get()
                .workDir()
                .resolve("admin.kubeconfig")
                .toString();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = ContentCheckCommand.run(
                new String[] {
                    "--check-content=" + folder,
                    "--guide.sandbox.provider=cluster",
                    "--guide.sandbox.kubeconfig=" + kubeconfig,
                    "--guide.content-check.parallel=" + PARALLEL
                },
                out);
        String output = bytes.toString(StandardCharsets.UTF_8);
        System.out.println(output); // the table, in the build log
        return new Run(status, output);
    }

    private record Run(int status, String output) {

        List<String> rows() {
            return Arrays.stream(output.split("\n"))
                    .filter(l -> ROW_END.matcher(l).find())
                    .toList();
        }

        /** The row of that exercise (or file) and answer (or kind of problem), cells apart by spaces. */
        String row(String exercise, String answer) {
            Pattern start = Pattern.compile("^" + Pattern.quote(exercise) + "\\s+" + Pattern.quote(answer));
            return rows().stream()
                    .filter(r -> start.matcher(r).find())
                    .findFirst()
                    .orElseThrow(() ->
                            new AssertionError("no row " + exercise + " / " + answer + " in the table:\n" + output));
        }
    }
}
