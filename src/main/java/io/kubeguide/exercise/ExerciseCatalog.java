package io.kubeguide.exercise;

import io.kubeguide.content.ContentSource;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.spec.InvalidExerciseSpecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every exercise of the course, from {@code <lesson>/exercises/*.yaml} through the {@link ContentSource} the lessons
 * use ({@code guide.content.dir} if set, else the classpath folder {@code content/}). A spec that does not follow the
 * schema stops the start-up with the file's name and line.
 *
 * <p>With a content folder on disk (author mode), a spec file that changed is read again on the next request. One that
 * no longer parses is reported through {@link #problems()} (shown on the pages, for the author) while the last good
 * version keeps serving; without a content folder nothing is read again.
 */
@Component
public class ExerciseCatalog {

    private static final Logger log = LoggerFactory.getLogger(ExerciseCatalog.class);

    private final ExerciseSpecFiles files;
    private final boolean live;
    private volatile Loaded loaded;

    public ExerciseCatalog(ContentSource content) {
        this.live = content.live();
        this.files = new ExerciseSpecFiles(content);
        ExerciseSpecFiles.Reading reading = files.read(null);
        List<SpecProblem> problems = reading.problems();
        if (!problems.isEmpty()) {
            SpecProblem first = problems.get(0);
            throw new InvalidExerciseSpecException(first.file(), first.line(), first.message());
        }
        this.loaded = new Loaded(reading);
        log.info("Loaded {} exercise(s) from {}", loaded.byId.size(), files.describe());
    }
    /** All exercises, in course order (lessons as in {@code course.yaml}, then {@code order}). */
    public List<ExerciseSpec> all() {
        return List.copyOf(current().byId.values());
    }

    public Optional<ExerciseSpec> find(String id) {
        return Optional.ofNullable(current().byId.get(id));
    }

    public ExerciseSpec get(String id) {
        return find(id).orElseThrow(() -> new ExerciseNotFoundException(id));
    }

    /** The exercises of one lesson, by {@code order}. */
    public List<ExerciseSpec> forLesson(String lesson) {
        return current().byId.values().stream()
                .filter(s -> s.lesson().equals(lesson))
                .toList();
    }

    /**
     * Specs edited since the start that no longer parse, for their author (only in author mode: packaged content
     * cannot change). Learners are served the last good version meanwhile.
     */
    public List<SpecProblem> problems() {
        return current().problems;
    }

    private Loaded current() {
        Loaded l = loaded;
        if (live && files.changedSince(l.reading)) {
            synchronized (this) {
                l = loaded;
                if (files.changedSince(l.reading)) {
                    l = new Loaded(files.read(l.reading));
                    l.problems.forEach(p -> log.warn("Serving the last good version: exercise spec {}", p));
                    loaded = l;
                }
            }
        }
        return l;
    }

    private static final class Loaded {
        final ExerciseSpecFiles.Reading reading;
        final Map<String, ExerciseSpec> byId = new LinkedHashMap<>();
        final List<SpecProblem> problems;

        Loaded(ExerciseSpecFiles.Reading reading) {
            this.reading = reading;
            reading.specs().forEach(s -> byId.put(s.id(), s));
            this.problems = reading.problems();
        }
    }
}
