package io.kubeguide.exercise.grading;

/**
 * The result of evaluating a check once: passed, failed, or pending (not yet true, but the cluster may still make it
 * true, so a check with {@code within} waits for it).
 */
record Outcome(State state, String message) {

    enum State {
        PASSED,
        FAILED,
        PENDING
    }

    static Outcome passed(String message) {
        return new Outcome(State.PASSED, message);
    }

    static Outcome failed(String message) {
        return new Outcome(State.FAILED, message);
    }

    static Outcome pending(String message) {
        return new Outcome(State.PENDING, message);
    }

    /** Failed when nothing will change it, pending when the cluster may still. */
    static Outcome failedUnless(boolean mayChange, String message) {
        return mayChange ? pending(message) : failed(message);
    }

    boolean isPending() {
        return state == State.PENDING;
    }
}
