package io.kubeguide.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Course files packaged in the jar under {@code content/}. They never change while the application runs. */
public final class ClasspathContentSource implements ContentSource {

    private final String root;
    private final ClassLoader classLoader;

    public ClasspathContentSource(String root, ClassLoader classLoader) {
        this.root = root.endsWith("/") ? root : root + "/";
        this.classLoader = classLoader;
    }

    @Override
    public Optional<String> read(String path) {
        try (InputStream in = classLoader.getResourceAsStream(root + path)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read classpath:" + root + path, e);
        }
    }

    @Override
    public long version(String path) {
        return 0;
    }

    @Override
    public boolean live() {
        return false;
    }

    @Override
    public String describe() {
        return "classpath:" + root;
    }
}
