package io.kubeguide.lesson;

import org.springframework.ui.Model;

/**
 * Lets other features add to a lesson page without touching the lesson code: each bean is called with the lesson
 * being shown and may add model attributes.
 * <p>
 * To put markup after a section (e.g. exercise cards), add the model attribute {@value #SECTION_EXTRAS} (any non-null
 * value, typically a map from section anchor id to what goes there): the page then renders the lesson section by
 * section and includes the fragment {@code templates/lesson/section-extras.html :: extras(lesson, section)} after
 * each one. Without it, the page prints the pre-rendered HTML in one go (the fast path).
 */
@FunctionalInterface
public interface LessonPageContributor {

    /** Model attribute that switches the lesson page to section-by-section rendering. */
    String SECTION_EXTRAS = "sectionExtras";

    void contribute(Lesson lesson, Model model);
}
