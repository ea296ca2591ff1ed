package io.kubeguide.exercise.view;

import io.kubeguide.lesson.LessonRenderer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Exercise prompts and hints as sanitised HTML (templates call it as {@code @exerciseMarkdown.html(text, lesson)}),
 * through the same flexmark + jsoup pipeline as lessons, so a hint can never put a script or an inline handler into
 * the page and links to lesson files work as in lessons. Rendered once: the texts are few and fixed.
 */
@Component("exerciseMarkdown")
public class ExerciseMarkdown {

    private final LessonRenderer renderer;
    private final Map<String, String> rendered = new ConcurrentHashMap<>();

    public ExerciseMarkdown(LessonRenderer renderer) {
        this.renderer = renderer;
    }

    /** @param lessonId the lesson the text belongs to, for links such as {@code lesson.md#x} */
    public String html(String markdown, String lessonId) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        if (rendered.size() > 2_000) {
            rendered.clear();
        }
        return rendered.computeIfAbsent(
                lessonId + '\n' + markdown,
                key -> renderer.render(markdown, lessonId).html());
    }
}
