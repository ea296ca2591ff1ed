package io.kubeguide.lesson;

import org.springframework.ui.Model;

/**
 * Lets other features add to a lesson page without touching the lesson code: each bean is called with the lesson
 * being shown and may add model attributes, which the fragment {@code templates/lesson/section-extras.html} can use
 * to put markup after a section (looked up by the section's anchor id).
 */
@FunctionalInterface
public interface LessonPageContributor {

    void contribute(Lesson lesson, Model model);
}
