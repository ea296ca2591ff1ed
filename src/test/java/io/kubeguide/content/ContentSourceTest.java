package io.kubeguide.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both sources list the same files for a pattern, as paths relative to the content root. */
class ContentSourceTest {

    @Test
    void thePackagedCourseListsItsExerciseFiles() {
        assertThat(ClasspathContentSource.packaged().find("*/exercises/*.yaml"))
                .contains("services/exercises/services-clusterip.yaml")
                .allMatch(path -> path.matches("[a-z0-9-]+/exercises/[a-z0-9-]+\\.yaml"))
                .isSorted();
    }

    @Test
    void aDirectoryListsOnlyWhatThePatternMatches(@TempDir Path dir) throws IOException {
        write(dir.resolve("b/exercises/two.yaml"));
        write(dir.resolve("a/exercises/one.yaml"));
        write(dir.resolve("a/exercises/notes.md"));
        write(dir.resolve("a/exercises/old/three.yaml"));
        write(dir.resolve("a/lesson.md"));

        assertThat(new DirectoryContentSource(dir).find("*/exercises/*.yaml"))
                .containsExactly("a/exercises/one.yaml", "b/exercises/two.yaml");
    }

    private static void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "x");
    }
}
