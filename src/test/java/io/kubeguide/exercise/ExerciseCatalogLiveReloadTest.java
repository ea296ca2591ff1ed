package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeguide.content.DirectoryContentSource;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.spec.InvalidExerciseSpecException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.FileSystemUtils;

/** Author mode: a content folder on disk, whose spec files are read again when they change. */
class ExerciseCatalogLiveReloadTest {

    private static final String FILE = "services/exercises/services-clusterip.yaml";

    @TempDir
    Path content;

    private Path spec;
    private String original;

    @BeforeEach
    void copyTheCourse() throws IOException {
        FileSystemUtils.copyRecursively(Path.of("content"), content);
        spec = content.resolve(FILE);
        original = Files.readString(spec);
    }

    @Test
    void anEditedSpecServesOnTheNextRequest() throws IOException {
        ExerciseCatalog catalog = new ExerciseCatalog(new DirectoryContentSource(content));
        String title = catalog.get("services-clusterip").title();

        Files.writeString(spec, original.replace("title: " + title, "title: Edited on disk"));

        assertThat(catalog.get("services-clusterip").title()).isEqualTo("Edited on disk");
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void aBrokenSpecIsShownToTheAuthorWhileTheLastGoodVersionServes() throws IOException {
        ExerciseCatalog catalog = new ExerciseCatalog(new DirectoryContentSource(content));
        Files.writeString(spec, original.replaceFirst("title: .*", "title: Last good"));
        assertThat(catalog.get("services-clusterip").title()).isEqualTo("Last good");

        // a typo on line 4: "sectoin" is not a field
        Files.writeString(
                spec, original.replaceFirst("title: .*", "title: Broken").replaceFirst("section:", "sectoin:"));

        assertThat(catalog.get("services-clusterip").title()).isEqualTo("Last good");
        assertThat(catalog.all()).extracting(ExerciseSpec::id).contains("services-clusterip");
        assertThat(catalog.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(FILE);
            assertThat(p.line()).isEqualTo(lineOf(original, "section:"));
            assertThat(p.message()).contains("unknown field 'sectoin'").doesNotContain("Exception", "\tat ");
        });

        Files.writeString(spec, original.replaceFirst("title: .*", "title: Fixed"));
        assertThat(catalog.get("services-clusterip").title()).isEqualTo("Fixed");
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void aNewSpecThatDoesNotParseIsReportedAndNotServed() throws IOException {
        ExerciseCatalog catalog = new ExerciseCatalog(new DirectoryContentSource(content));
        int before = catalog.all().size();

        Files.writeString(
                content.resolve("services/exercises/services-new.yaml"),
                original.replace("id: services-clusterip", "id: services-new").replaceFirst("title: .*\\n", ""));

        assertThat(catalog.all()).hasSize(before);
        assertThat(catalog.find("services-new")).isEmpty();
        assertThat(catalog.problems())
                .singleElement()
                .hasToString("services/exercises/services-new.yaml: title is required");
    }

    @Test
    void aBrokenSpecStillStopsTheStart() throws IOException {
        Files.writeString(spec, original.replaceFirst("section:", "sectoin:"));

        assertThatThrownBy(() -> new ExerciseCatalog(new DirectoryContentSource(content)))
                .isInstanceOf(InvalidExerciseSpecException.class)
                .hasMessageContaining(FILE + " line " + lineOf(original, "section:"))
                .hasMessageContaining("unknown field 'sectoin'");
    }

    @Test
    void problemsOfTheParserNameTheLineOfTheFieldTheyAreAbout() throws IOException {
        Files.writeString(spec, original.replaceFirst("(?m)^    expect: .*\\n", ""));

        assertThatThrownBy(() -> new ExerciseCatalog(new DirectoryContentSource(content)))
                .isInstanceOf(InvalidExerciseSpecException.class)
                .hasMessageContaining("line " + lineOf(original, "  - id: "))
                .hasMessageContaining("checks[0]")
                .hasMessageContaining("expect is required");
    }

    /** The 1-based number of the first line that starts with {@code start}. */
    static int lineOf(String text, String start) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith(start)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line starting with " + start);
    }
}
