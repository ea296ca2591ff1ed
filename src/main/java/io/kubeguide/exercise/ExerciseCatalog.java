package io.kubeguide.exercise;

import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.spec.ExerciseSpecParser;
import io.kubeguide.exercise.spec.InvalidExerciseSpecException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every exercise of the course, read once at start-up from {@code <lesson>/exercises/*.yaml} under the content
 * location the lessons use: {@code guide.content.dir} if set, else the classpath folder {@code content/}. A spec that
 * does not follow the schema stops the start-up with the file's name.
 */
@Component
public class ExerciseCatalog {

    private static final Logger log = LoggerFactory.getLogger(ExerciseCatalog.class);

    private final Map<String, ExerciseSpec> byId;
    private final List<String> lessonOrder;

    public ExerciseCatalog(@Value("${guide.content.dir:}") String contentDir) {
        ExerciseSpecParser parser = new ExerciseSpecParser();
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
        String base = contentDir == null || contentDir.isBlank()
                ? "classpath*:content/"
                : Path.of(contentDir).toAbsolutePath().toUri().toString();
        if (!base.endsWith("/")) {
            base += "/";
        }
        Map<String, ExerciseSpec> specs = new LinkedHashMap<>();
        try {
            for (Resource r : resolver.getResources(base + "*/exercises/*.yaml")) {
                String text = r.getContentAsString(StandardCharsets.UTF_8);
                String name = describe(r);
                ExerciseSpec spec = parser.parse(name, text);
                ExerciseSpec previous = specs.putIfAbsent(spec.id(), spec);
                if (previous != null) {
                    throw new InvalidExerciseSpecException(name, "exercise id '" + spec.id() + "' is used twice");
                }
                if (!name.contains(spec.lesson() + "/exercises/")) {
                    throw new InvalidExerciseSpecException(
                            name, "lesson '" + spec.lesson() + "' does not match the folder the file is in");
                }
            }
            lessonOrder = readCourseOrder(resolver, base);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the exercises under " + base, e);
        }
        List<ExerciseSpec> sorted = new ArrayList<>(specs.values());
        sorted.sort(Comparator.comparingInt((ExerciseSpec s) -> lessonIndex(s.lesson()))
                .thenComparing(ExerciseSpec::lesson)
                .thenComparingInt(ExerciseSpec::order)
                .thenComparing(ExerciseSpec::id));
        Map<String, ExerciseSpec> ordered = new LinkedHashMap<>();
        sorted.forEach(s -> ordered.put(s.id(), s));
        this.byId = ordered;
        log.info("Loaded {} exercise(s) from {}", byId.size(), base);
    }

    /** All exercises, in course order (lessons as in {@code course.yaml}, then {@code order}). */
    public List<ExerciseSpec> all() {
        return List.copyOf(byId.values());
    }

    public Optional<ExerciseSpec> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public ExerciseSpec get(String id) {
        return find(id).orElseThrow(() -> new ExerciseNotFoundException(id));
    }

    /** The exercises of one lesson, by {@code order}. */
    public List<ExerciseSpec> forLesson(String lesson) {
        return byId.values().stream().filter(s -> s.lesson().equals(lesson)).toList();
    }

    private int lessonIndex(String lesson) {
        int i = lessonOrder.indexOf(lesson);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static List<String> readCourseOrder(PathMatchingResourcePatternResolver resolver, String base)
            throws IOException {
        for (Resource r : resolver.getResources(base + "course.yaml")) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions()))
                    .load(r.getContentAsString(StandardCharsets.UTF_8));
            if (doc instanceof Map<?, ?> map && map.get("lessons") instanceof List<?> lessons) {
                return lessons.stream().map(String::valueOf).toList();
            }
        }
        return List.of();
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
}
