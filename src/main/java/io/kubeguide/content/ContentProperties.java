package io.kubeguide.content;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the course comes from.
 *
 * @param dir optional directory on disk holding {@code course.yaml} and one folder per lesson; when set, lessons are
 *            re-read as soon as their file changes (authors see edits without rebuilding). When empty, the course is
 *            read from the classpath folder {@code content/} packaged in the jar.
 */
@ConfigurationProperties("guide.content")
public record ContentProperties(Path dir) {

    public ContentProperties {
        if (dir != null && dir.toString().isBlank()) {
            dir = null; // GUIDE_CONTENT_DIR unset: use the classpath
        }
    }
}
