package io.kubeguide.terminal;

/**
 * How a command ended. {@code exitCode} is kubectl's, or 124 when the terminal ended it at its time limit, 130 when
 * the learner cancelled it (Ctrl+C), 125 when its output passed the limit (the shells' conventions).
 */
public record KubectlResult(int exitCode, boolean timedOut, boolean cancelled, boolean truncated, long millis) {

    public static final int TIMED_OUT = 124;
    public static final int OUTPUT_LIMIT = 125;
    public static final int CANCELLED = 130;
}
