package io.kubeguide.progress;

/** The learner {@code from} is now {@code to} (their cookie was rotated); published inside the move's transaction. */
public record LearnerMoved(String from, String to) {}
