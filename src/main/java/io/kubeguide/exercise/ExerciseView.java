package io.kubeguide.exercise;

import java.util.List;

/** What the exercise panel shows about an exercise (the prompt already rendered and sanitised). */
public record ExerciseView(
        String id,
        String title,
        String lesson,
        String section,
        String promptHtml,
        String starter,
        String solution,
        List<Expectation> expectations,
        boolean solved) {

    public record Expectation(String id, String expect, String section) {}
}
