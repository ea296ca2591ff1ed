package io.kubeguide.lesson;

import io.kubeguide.content.ContentSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The course: lessons in the order of {@code course.yaml}, each rendered once and kept in memory. With a content
 * directory on disk, a lesson whose file changed is rendered again on its next request, and a changed
 * {@code course.yaml} reloads the outline.
 */
@Service
public class LessonCatalog {

    static final String COURSE_FILE = "course.yaml";
    private static final Logger log = LoggerFactory.getLogger(LessonCatalog.class);
    private static final Pattern LESSON_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final ContentSource source;
    private final LessonRenderer renderer;
    private volatile Course course;

    public LessonCatalog(ContentSource source, LessonRenderer renderer) {
        this.source = source;
        this.renderer = renderer;
        this.course = load();
        log.info("Course \"{}\" from {}: {}", course.title, source.describe(), course.lessons.keySet());
    }

    /** The course name shown in the header. */
    public String courseTitle() {
        return current().title;
    }

    /** All lessons, in course order. */
    public List<Lesson> lessons() {
        return current().list;
    }

    public Optional<Lesson> find(String id) {
        return Optional.ofNullable(current().lessons.get(id)).map(Entry::lesson);
    }

    public Lesson get(String id) {
        return find(id).orElseThrow(() -> new LessonNotFoundException(id));
    }

    public Optional<Lesson> previous(String id) {
        return neighbour(id, -1);
    }

    public Optional<Lesson> next(String id) {
        return neighbour(id, +1);
    }

    private Optional<Lesson> neighbour(String id, int step) {
        List<Lesson> lessons = lessons();
        for (int i = 0; i < lessons.size(); i++) {
            if (lessons.get(i).id().equals(id)) {
                int j = i + step;
                return j >= 0 && j < lessons.size() ? Optional.of(lessons.get(j)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** The course, reloaded first if a file changed on disk (directory sources only). */
    private Course current() {
        Course c = course;
        if (source.live() && c.stale(source)) {
            synchronized (this) {
                c = course;
                if (c.stale(source)) {
                    c = reload(c);
                    course = c;
                }
            }
        }
        return c;
    }

    private Course reload(Course previous) {
        try {
            if (previous.courseVersion != source.version(COURSE_FILE)) {
                log.info("course.yaml changed: reloading the course");
                return load();
            }
            Map<String, Entry> lessons = new LinkedHashMap<>();
            for (Entry e : previous.lessons.values()) {
                lessons.put(e.lesson.id(), e.stale(source) ? loadLesson(e.lesson.id(), e.lesson.number()) : e);
            }
            return new Course(previous.title, previous.courseVersion, lessons);
        } catch (RuntimeException e) {
            // An author's half-saved file must not take the guide down: keep serving the last good version.
            log.warn("Keeping the previous version of the course: {}", e.getMessage());
            return previous;
        }
    }

    private Course load() {
        long version = source.version(COURSE_FILE);
        String text = source.read(COURSE_FILE)
                .orElseThrow(() -> new IllegalStateException("No " + COURSE_FILE + " in " + source.describe()));
        Map<String, Object> yaml = yaml().load(text);
        if (yaml == null || !(yaml.get("lessons") instanceof List<?> ids) || ids.isEmpty()) {
            throw new IllegalStateException(
                    COURSE_FILE + " must list the lessons in order: lessons: [services, storage]");
        }
        String title = yaml.get("title") instanceof String t && !t.isBlank() ? t : "Kubernetes Mastery Guide";
        Map<String, Entry> lessons = new LinkedHashMap<>();
        int number = 1;
        for (Object id : ids) {
            String lessonId = String.valueOf(id);
            if (!LESSON_ID.matcher(lessonId).matches()) {
                throw new IllegalStateException("Invalid lesson id in " + COURSE_FILE + ": " + lessonId);
            }
            if (lessons.put(lessonId, loadLesson(lessonId, number++)) != null) {
                throw new IllegalStateException("Lesson listed twice in " + COURSE_FILE + ": " + lessonId);
            }
        }
        warnAboutBrokenLinks(lessons);
        return new Course(title, version, lessons);
    }

    private Entry loadLesson(String id, int number) {
        String path = id + "/lesson.md";
        long version = source.version(path);
        String text = source.read(path)
                .orElseThrow(() -> new IllegalStateException("Lesson " + id + " is listed in " + COURSE_FILE + " but "
                        + source.describe() + "/" + path + " does not exist"));
        FrontMatter fm = FrontMatter.parse(text);
        String title =
                fm.get("title").orElseThrow(() -> new IllegalStateException(path + ": the front matter needs a title"));
        String summary = fm.get("summary").orElse("");
        return new Entry(new Lesson(id, number, title, summary, renderer.render(fm.body(), id)), path, version);
    }

    private static void warnAboutBrokenLinks(Map<String, Entry> lessons) {
        for (Entry e : lessons.values()) {
            Jsoup.parseBodyFragment(e.lesson.html())
                    .select("a[href^=/lessons/]")
                    .forEach(a -> {
                        String target =
                                a.attr("href").substring("/lessons/".length()).replaceAll("#.*", "");
                        if (!lessons.containsKey(target)) {
                            log.warn("{}: link to a lesson that is not in the course: {}", e.path, a.attr("href"));
                        }
                    });
        }
    }

    static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }

    private record Entry(Lesson lesson, String path, long version) {
        boolean stale(ContentSource source) {
            return source.version(path) != version;
        }
    }

    private record Course(String title, long courseVersion, Map<String, Entry> lessons, List<Lesson> list) {

        Course(String title, long courseVersion, Map<String, Entry> lessons) {
            this(
                    title,
                    courseVersion,
                    lessons,
                    lessons.values().stream().map(Entry::lesson).toList());
        }

        boolean stale(ContentSource source) {
            if (source.version(COURSE_FILE) != courseVersion) {
                return true;
            }
            for (Entry e : lessons.values()) {
                if (e.stale(source)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** YAML front matter between two {@code ---} lines at the top of a lesson file. */
    record FrontMatter(Map<String, Object> values, String body) {

        static FrontMatter parse(String text) {
            String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
            t = t.replace("\r\n", "\n");
            if (!t.startsWith("---\n")) {
                return new FrontMatter(Map.of(), t);
            }
            int end = t.indexOf("\n---", 3);
            if (end < 0) {
                throw new IllegalStateException("Front matter is not closed by a --- line");
            }
            int bodyStart = t.indexOf('\n', end + 4);
            String yamlText = t.substring(4, end + 1);
            Object loaded = yaml().load(yamlText);
            Map<String, Object> values = new LinkedHashMap<>();
            if (loaded instanceof Map<?, ?> m) {
                m.forEach((k, v) -> values.put(String.valueOf(k), v));
            }
            return new FrontMatter(values, bodyStart < 0 ? "" : t.substring(bodyStart + 1));
        }

        Optional<String> get(String key) {
            Object v = values.get(key);
            return v == null ? Optional.empty() : Optional.of(String.valueOf(v).strip());
        }
    }

    /** For tests and diagnostics: ids of the lessons in order. */
    List<String> ids() {
        return new ArrayList<>(current().lessons.keySet());
    }
}
