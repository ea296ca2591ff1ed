package io.kubeguide.lesson;

import io.kubeguide.pages.PageNotFoundException;

public class LessonNotFoundException extends PageNotFoundException {

    public LessonNotFoundException(String id) {
        super("There is no lesson called \u201c" + id + "\u201d.");
    }
}
