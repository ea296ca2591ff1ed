package io.kubeguide.exercise;

import io.kubeguide.content.ContentSource;
import io.kubeguide.content.DirectoryContentSource;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.spec.ExerciseSpecParser;
import io.kubeguide.exercise.spec.InvalidExerciseSpecException;
import io.kubeguide.exercise.spec.SpecLines;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the exercise specs of a {@link ContentSource} ({@code <lesson>/exercises/*.yaml}, ordered by
 * {@code course.yaml}), keeping every problem instead of stopping at the first: the catalog and the content checker
 * read specs the same way. A file unchanged since the previous reading is not parsed again.
 */
public final class ExerciseSpecFiles {

    private static final String SPEC_FILES = "*/exercises/*.yaml";

    private final ContentSource content;
    private final ExerciseSpecParser parser = new ExerciseSpecParser();

    public ExerciseSpecFiles(ContentSource content) {
        this.content = content;
    }

    /** A content folder on disk, e.g. an author's {@code ./content}. */
    public static ExerciseSpecFiles in(Path dir) {
        return new ExerciseSpecFiles(
                new DirectoryContentSource(dir.toAbsolutePath().normalize()));
    }

    public String describe() {
        return content.describe();
    }

    /**
     * One file as read: its spec, or the problem with it (then {@code spec} is the previous good version, if any).
     *
     * @param name  e.g. {@code services/exercises/services-clusterip.yaml}
     * @param stamp changes when the file changes
     */
    record SpecFile(String name, long stamp, ExerciseSpec spec, SpecProblem problem) {}

    /** Every spec file, in course order, with its problems; {@code previous} may be null. */
    public Reading read(Reading previous) {
        Map<String, SpecFile> before = previous == null ? Map.of() : previous.files();
        Map<String, SpecFile> files = new LinkedHashMap<>();
        for (String name : content.find(SPEC_FILES)) {
            long stamp = content.version(name);
            SpecFile old = before.get(name);
            files.put(name, old != null && old.stamp() == stamp ? old : parse(name, stamp, old));
        }
        return new Reading(files, readCourseOrder());
    }

    /**
     * Whether a spec file was added, removed or changed since that reading: names and stamps only (a page asks this
     * on every call to the catalog in author mode); never for content that cannot change.
     */
    public boolean changedSince(Reading reading) {
        if (!content.live()) {
            return false;
        }
        List<String> names;
        try {
            names = content.find(SPEC_FILES);
        } catch (UncheckedIOException e) {
            return false; // a folder being rewritten: look again on the next request
        }
        if (names.size() != reading.files().size()) {
            return true;
        }
        for (String name : names) {
            SpecFile known = reading.files().get(name);
            if (known == null || known.stamp() != content.version(name)) {
                return true;
            }
        }
        return false;
    }

    private SpecFile parse(String name, long stamp, SpecFile old) {
        ExerciseSpec lastGood = old == null ? null : old.spec();
        Optional<String> text = content.read(name);
        if (text.isEmpty()) {
            return new SpecFile(
                    name, stamp, lastGood, new SpecProblem(name, null, "the file disappeared while reading"));
        }
        try {
            ExerciseSpec spec = parser.parse(name, text.get());
            if (!name.startsWith(spec.lesson() + "/exercises/")) {
                throw new InvalidExerciseSpecException(
                        name,
                        SpecLines.of(text.get()).lineOf("lesson"),
                        "lesson '" + spec.lesson() + "' does not match the folder the file is in");
            }
            return new SpecFile(name, stamp, spec, null);
        } catch (InvalidExerciseSpecException e) {
            return new SpecFile(name, stamp, lastGood, SpecProblem.of(e));
        }
    }

    private List<String> readCourseOrder() {
        Object doc = content.read("course.yaml")
                .map(text -> new Yaml(new SafeConstructor(new LoaderOptions())).load(text))
                .orElse(null);
        if (doc instanceof Map<?, ?> map && map.get("lessons") instanceof List<?> lessons) {
            return lessons.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    /** The specs of one reading: the good ones in course order, and the problems, each once. */
    public record Reading(Map<String, SpecFile> files, List<String> lessonOrder) {

        /** The specs that serve (the last good version of a broken file included), in course order. */
        public List<ExerciseSpec> specs() {
            List<ExerciseSpec> specs = new ArrayList<>();
            Map<String, String> fileOfId = new LinkedHashMap<>();
            for (SpecFile f : files.values()) {
                if (f.spec() != null && fileOfId.putIfAbsent(f.spec().id(), f.name()) == null) {
                    specs.add(f.spec());
                }
            }
            specs.sort(Comparator.comparingInt((ExerciseSpec s) -> lessonIndex(s.lesson()))
                    .thenComparing(ExerciseSpec::lesson)
                    .thenComparingInt(ExerciseSpec::order)
                    .thenComparing(ExerciseSpec::id));
            return specs;
        }

        /** What is wrong, file by file: specs that do not parse, and an id used by two files. */
        public List<SpecProblem> problems() {
            List<SpecProblem> problems = new ArrayList<>();
            Map<String, String> fileOfId = new LinkedHashMap<>();
            for (SpecFile f : files.values()) {
                if (f.problem() != null) {
                    problems.add(f.problem());
                } else {
                    String first = fileOfId.putIfAbsent(f.spec().id(), f.name());
                    if (first != null) {
                        problems.add(new SpecProblem(
                                f.name(), null, "exercise id '" + f.spec().id() + "' is used by " + first + " too"));
                    }
                }
            }
            return problems;
        }

        /** The file an exercise was read from, e.g. {@code services/exercises/services-clusterip.yaml}. */
        public String fileOf(String exerciseId) {
            return files.values().stream()
                    .filter(f -> f.spec() != null && f.spec().id().equals(exerciseId))
                    .map(SpecFile::name)
                    .findFirst()
                    .orElse(exerciseId);
        }

        private int lessonIndex(String lesson) {
            int i = lessonOrder.indexOf(lesson);
            return i < 0 ? Integer.MAX_VALUE : i;
        }
    }
}
