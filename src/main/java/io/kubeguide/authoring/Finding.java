package io.kubeguide.authoring;

import java.util.Set;

/**
 * One row of the checker's table: an answer proven on the API server, or a problem found in the files (then
 * {@code answer} says what kind: spec, anchor, link, answers).
 *
 * @param exercise the exercise id, or for a problem in the files {@code file} or {@code file:line}
 * @param expected {@code pass}, or {@code fail} with the checks the spec names
 * @param got      what happened: {@code pass}, {@code fail}, {@code refused}, {@code error}, or the problem
 * @param failing  the checks that failed
 * @param detail   for a mismatch: the grader's message for every check, or why it was refused
 */
public record Finding(
        String exercise,
        String answer,
        String expected,
        String got,
        Set<String> failing,
        long millis,
        boolean ok,
        String detail) {

    static Finding problem(String where, String kind, String what) {
        return new Finding(where, kind, "no problem", what, Set.of(), 0, false, "");
    }
}
