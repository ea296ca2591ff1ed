package io.kubeguide.terminal;

/** A command line the terminal will not run, with a sentence for the learner saying why. Nothing was started. */
public class RefusedCommandException extends RuntimeException {

    public RefusedCommandException(String message) {
        super(message);
    }
}
