package io.kubeguide.exercise;

import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.lesson.Lesson;
import io.kubeguide.lesson.LessonPageContributor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Puts a lesson's exercises on its page: model attribute {@code exercisesBySection} (section anchor to the exercises
 * whose {@code section} it is), used by {@code templates/lesson/section-extras.html}.
 */
@Component
class LessonExercises implements LessonPageContributor {

    private final ExerciseCatalog catalog;

    LessonExercises(ExerciseCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void contribute(Lesson lesson, Model model) {
        Map<String, List<ExerciseSpec>> bySection = new LinkedHashMap<>();
        for (ExerciseSpec spec : catalog.forLesson(lesson.id())) {
            bySection.computeIfAbsent(spec.section(), s -> new ArrayList<>()).add(spec);
        }
        if (!bySection.isEmpty()) {
            model.addAttribute("exercisesBySection", bySection);
            model.addAttribute(SECTION_EXTRAS, bySection); // section-by-section rendering with our cards
        }
    }
}
