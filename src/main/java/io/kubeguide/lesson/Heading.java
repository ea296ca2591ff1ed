package io.kubeguide.lesson;

/**
 * A heading of a rendered lesson: its level (2 for {@code ##}), its anchor id (stable: exercises link to it) and its
 * plain text.
 */
public record Heading(int level, String id, String text) {}
