package io.kubeguide.exercise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads the exercise specs under a content location ({@code <lesson>/exercises/*.yaml}, ordered by
 * {@code course.yaml}), keeping every problem instead of stopping at the first: the catalog and the content checker
 * read specs the same way. A file unchanged since the previous reading is not parsed again.
 */
public final class ExerciseSpecFiles {

    private final String base;
    /** The folder on disk, or null for the classpath (which does not change). */
    private final Path dir;

    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    private final ExerciseSpecParser parser = new ExerciseSpecParser();

    private ExerciseSpecFiles(String base, Path dir) {
        this.base = base.endsWith("/") ? base : base + "/";
        this.dir = dir;
    }

    /** The course packaged in the jar (classpath folder {@code content/}). */
    public static ExerciseSpecFiles packaged() {
        return new ExerciseSpecFiles("classpath*:content/", null);
    }

    /** A content folder on disk, e.g. an author's {@code ./content}. */
    public static ExerciseSpecFiles in(Path dir) {
        Path folder = dir.toAbsolutePath().normalize();
        return new ExerciseSpecFiles(folder.toUri().toString(), folder);
    }

    public String describe() {
        return base;
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
        try {
            for (Resource r : resolver.getResources(base + "*/exercises/*.yaml")) {
                String name = describe(r);
                long stamp = stamp(r);
                SpecFile old = before.get(name);
                files.put(name, old != null && old.stamp() == stamp ? old : parse(r, name, stamp, old));
            }
            return new Reading(files, readCourseOrder());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the exercises under " + base, e);
        }
    }

    /**
     * Whether a spec file was added, removed or changed since that reading: names and stamps only, read straight from
     * the folder (a page asks this on every call to the catalog in author mode).
     */
    public boolean changedSince(Reading reading) {
        if (dir == null) {
            return false;
        }
        int seen = 0;
        try (DirectoryStream<Path> lessons = Files.newDirectoryStream(dir, Files::isDirectory)) {
            for (Path lesson : lessons) {
                Path exercises = lesson.resolve("exercises");
                if (!Files.isDirectory(exercises)) {
                    continue;
                }
                try (DirectoryStream<Path> specs = Files.newDirectoryStream(exercises, "*.yaml")) {
                    for (Path spec : specs) {
                        String name = lesson.getFileName() + "/exercises/" + spec.getFileName();
                        SpecFile known = reading.files().get(name);
                        if (known == null || known.stamp() != stamp(spec)) {
                            return true;
                        }
                        seen++;
                    }
                }
            }
        } catch (IOException e) {
            return false; // a folder being rewritten: look again on the next request
        }
        return seen != reading.files().size();
    }

    private SpecFile parse(Resource r, String name, long stamp, SpecFile old) throws IOException {
        ExerciseSpec lastGood = old == null ? null : old.spec();
        String text = r.getContentAsString(StandardCharsets.UTF_8);
        try {
            ExerciseSpec spec = parser.parse(name, text);
            if (!name.contains(spec.lesson() + "/exercises/")) {
                throw new InvalidExerciseSpecException(
                        name,
                        SpecLines.of(text).lineOf("lesson"),
                        "lesson '" + spec.lesson() + "' does not match the folder the file is in");
            }
            return new SpecFile(name, stamp, spec, null);
        } catch (InvalidExerciseSpecException e) {
            return new SpecFile(name, stamp, lastGood, SpecProblem.of(e));
        }
    }

    private List<String> readCourseOrder() throws IOException {
        for (Resource r : resolver.getResources(base + "course.yaml")) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(r.getContentAsString(StandardCharsets.UTF_8));
            if (doc instanceof Map<?, ?> map && map.get("lessons") instanceof List<?> lessons) {
                return lessons.stream().map(String::valueOf).toList();
            }
        }
        return List.of();
    }

    private static long stamp(Resource r) {
        try {
            return r.isFile() ? stamp(r.getFile().toPath()) : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    private static long stamp(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis() ^ (Files.size(file) << 40);
        } catch (IOException e) {
            return -1; // gone: a stamp of its own
        }
    }

    private static String describe(Resource r) {
        try {
            String uri = r.getURI().toString();
            int i = uri.lastIndexOf("/exercises/");
            int start = i < 0 ? 0 : uri.lastIndexOf('/', i - 1) + 1;
            return uri.substring(start);
        } catch (IOException e) {
            return r.getDescription();
        }
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
