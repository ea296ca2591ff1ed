package io.kubeguide.exercise;

import io.kubeguide.content.ContentSource;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.spec.ExerciseSpecParser;
import io.kubeguide.exercise.spec.InvalidExerciseSpecException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Every exercise of the course, read once at start-up from {@code <lesson>/exercises/*.yaml} through the
 * {@link ContentSource} the lessons use ({@code guide.content.dir} if set, else the classpath folder {@code content/}).
 * A spec that does not follow the schema stops the start-up with the file's name.
 */
@Component
public class ExerciseCatalog {

    static final String EXERCISE_FILES = "*/exercises/*.yaml";
    private static final Logger log = LoggerFactory.getLogger(ExerciseCatalog.class);

    private final Map<String, ExerciseSpec> byId;
    private final Map<String, List<ExerciseSpec>> byLesson = new LinkedHashMap<>();
    private final List<String> lessonOrder;

    public ExerciseCatalog(ContentSource content) {
        ExerciseSpecParser parser = new ExerciseSpecParser();
        Map<String, ExerciseSpec> specs = new LinkedHashMap<>();
        for (String path : content.find(EXERCISE_FILES)) {
            String text = content.read(path)
                    .orElseThrow(() -> new InvalidExerciseSpecException(path, "the file disappeared while reading"));
            ExerciseSpec spec = parser.parse(path, text);
            ExerciseSpec previous = specs.putIfAbsent(spec.id(), spec);
            if (previous != null) {
                throw new InvalidExerciseSpecException(path, "exercise id '" + spec.id() + "' is used twice");
            }
            if (!path.startsWith(spec.lesson() + "/exercises/")) {
                throw new InvalidExerciseSpecException(
                        path, "lesson '" + spec.lesson() + "' does not match the folder the file is in");
            }
        }
        lessonOrder = readCourseOrder(content);
        List<ExerciseSpec> sorted = new ArrayList<>(specs.values());
        sorted.sort(Comparator.comparingInt((ExerciseSpec s) -> lessonIndex(s.lesson()))
                .thenComparing(ExerciseSpec::lesson)
                .thenComparingInt(ExerciseSpec::order)
                .thenComparing(ExerciseSpec::id));
        Map<String, ExerciseSpec> ordered = new LinkedHashMap<>();
        sorted.forEach(s -> ordered.put(s.id(), s));
        this.byId = ordered;
        ordered.values()
                .forEach(s -> byLesson.computeIfAbsent(s.lesson(), lesson -> new ArrayList<>())
                        .add(s));
        byLesson.replaceAll((lesson, list) -> List.copyOf(list));
        log.info("Loaded {} exercise(s) from {}", byId.size(), content.describe());
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
        return byLesson.getOrDefault(lesson, List.of());
    }

    private int lessonIndex(String lesson) {
        int i = lessonOrder.indexOf(lesson);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    private static List<String> readCourseOrder(ContentSource content) {
        Object doc = content.read("course.yaml")
                .map(text -> new Yaml(new SafeConstructor(new LoaderOptions())).load(text))
                .orElse(null);
        if (doc instanceof Map<?, ?> map && map.get("lessons") instanceof List<?> lessons) {
            return lessons.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
