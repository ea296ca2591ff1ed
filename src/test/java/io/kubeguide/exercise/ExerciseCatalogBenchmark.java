package io.kubeguide.exercise;

import io.kubeguide.content.ClasspathContentSource;
import io.kubeguide.content.DirectoryContentSource;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What author mode costs a page: every call to the catalog first asks whether a spec file changed (names and stamps
 * of the course's spec files). A measurement, not a test: {@code ./mvnw -q test -Dtest=ExerciseCatalogBenchmark
 * -Dbench=true}; figures go to stdout. A lesson page calls the catalog about ten times (outline, cards, banner).
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ExerciseCatalogBenchmark {

    private static final int CALLS = Integer.getInteger("bench.calls", 20_000);

    @Test
    void callsToTheCatalogPackagedAndInAuthorMode() {
        measure("packaged (no reload)", new ExerciseCatalog(ClasspathContentSource.packaged()));
        measure("author mode (GUIDE_CONTENT_DIR)", new ExerciseCatalog(new DirectoryContentSource(Path.of("content"))));
    }

    private static void measure(String what, ExerciseCatalog catalog) {
        for (int i = 0; i < CALLS / 10; i++) {
            catalog.forLesson("services"); // warm-up
        }
        long t0 = System.nanoTime();
        int found = 0;
        for (int i = 0; i < CALLS; i++) {
            found += catalog.forLesson("services").size();
        }
        long micros = (System.nanoTime() - t0) / 1_000;
        System.out.printf(
                "[bench] %s: %d calls in %d ms, %.1f µs a call (%d exercises seen)%n",
                what, CALLS, micros / 1_000, (double) micros / CALLS, found / CALLS);
    }
}
