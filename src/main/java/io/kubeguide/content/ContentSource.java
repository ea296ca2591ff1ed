package io.kubeguide.content;

import java.util.List;
import java.util.Optional;

/**
 * Read access to the course files ({@code course.yaml}, {@code <lesson>/lesson.md}, ...), by path relative to the
 * content root, with forward slashes.
 */
public interface ContentSource {

    /** The file's text (UTF-8), or empty when it does not exist. */
    Optional<String> read(String path);

    /**
     * The paths of the files matching an Ant-style pattern such as {@code *}{@code /exercises/*.yaml} ({@code *}
     * stays within one folder), relative to the content root, sorted.
     */
    List<String> find(String pattern);

    /**
     * A stamp that changes when the file changes. Sources that cannot change while the application runs (the
     * classpath) return a constant.
     */
    long version(String path);

    /** Whether files may change while the application runs, so callers should compare {@link #version}. */
    boolean live();

    /** Human-readable location, for logs and error messages. */
    String describe();
}
