package io.kubeguide.exercise;

import io.kubeguide.pages.PageNotFoundException;

/** No exercise with this id: the 404 page (or a 404 problem JSON from the API). */
public class ExerciseNotFoundException extends PageNotFoundException {

    public ExerciseNotFoundException(String id) {
        super("There is no exercise '" + id + "'.");
    }
}
