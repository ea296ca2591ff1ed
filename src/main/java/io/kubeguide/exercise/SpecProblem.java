package io.kubeguide.exercise;

import io.kubeguide.exercise.spec.InvalidExerciseSpecException;

/**
 * What is wrong with an author's exercise spec, in words: the file (relative to the content folder), the line where it
 * has one, and the problem. Never a stack trace.
 */
public record SpecProblem(String file, Integer line, String message) {

    static SpecProblem of(InvalidExerciseSpecException e) {
        return new SpecProblem(e.fileName(), e.line(), e.problem());
    }

    /** {@code services/exercises/x.yaml line 12: ...} */
    @Override
    public String toString() {
        return file + (line != null ? " line " + line : "") + ": " + message;
    }
}
