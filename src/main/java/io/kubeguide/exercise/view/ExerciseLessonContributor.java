package io.kubeguide.exercise.view;

import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.exercise.ExerciseSpec;
import io.kubeguide.lesson.Lesson;
import io.kubeguide.lesson.LessonPageContributor;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/**
 * Puts each exercise card after the lesson section it practises ({@code section} of the spec = the heading's
 * anchor). Only catalog data goes into the model: nothing about the learner, so the lesson page stays cacheable.
 */
@Component
public class ExerciseLessonContributor implements LessonPageContributor {

    private final ExerciseCatalog catalog;

    public ExerciseLessonContributor(ExerciseCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void contribute(Lesson lesson, Model model) {
        Map<String, List<ExerciseSpec>> bySection = catalog.forLesson(lesson.id()).stream()
                .sorted(Comparator.comparingInt(ExerciseSpec::order))
                .collect(Collectors.groupingBy(ExerciseSpec::section, LinkedHashMap::new, Collectors.toList()));
        model.addAttribute("exercisesBySection", bySection);
        if (!bySection.isEmpty()) {
            // switches the lesson page to section-by-section rendering, with section-extras after each section
            model.addAttribute(LessonPageContributor.SECTION_EXTRAS, bySection);
        }
    }
}
