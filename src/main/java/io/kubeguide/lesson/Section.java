package io.kubeguide.lesson;

/**
 * A slice of a rendered lesson: one heading and the content up to the next heading (of level 2 or 3). The first
 * section, before any heading, has an empty {@code id}. Pages may insert their own markup (such as exercise cards)
 * after a section, looked up by {@link #id()}.
 */
public record Section(String id, String html) {

    public boolean intro() {
        return id.isEmpty();
    }
}
