package io.kubeguide.web;

import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.lesson.Lesson;
import io.kubeguide.lesson.LessonCatalog;
import java.util.List;
import java.util.Map;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What the layout of every page shows, put into every page's model (templates call no beans): {@code courseTitle} and
 * {@code outline}, the lessons in course order, each with its exercises; {@code specProblems}, the exercise specs an
 * author broke while editing (author mode only). Error pages made by an exception handler get
 * it through {@link #attributes()}.
 */
@ControllerAdvice
class LayoutModel {

    /** A lesson of the course outline and its exercises, in order. */
    record OutlineEntry(Lesson lesson, List<ExerciseSpec> exercises) {}

    private final LessonCatalog lessons;
    private final ExerciseCatalog exercises;

    LayoutModel(LessonCatalog lessons, ExerciseCatalog exercises) {
        this.lessons = lessons;
        this.exercises = exercises;
    }

    @ModelAttribute
    void addTo(Model model) {
        model.addAllAttributes(attributes());
    }

    Map<String, Object> attributes() {
        List<OutlineEntry> outline = lessons.lessons().stream()
                .map(lesson -> new OutlineEntry(lesson, exercises.forLesson(lesson.id())))
                .toList();
        return Map.of("courseTitle", lessons.courseTitle(), "outline", outline, "specProblems", exercises.problems());
    }
}
