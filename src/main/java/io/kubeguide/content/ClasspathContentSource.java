package io.kubeguide.content;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/** Course files packaged in the jar under {@code content/}. They never change while the application runs. */
public final class ClasspathContentSource implements ContentSource {

    private final String root;
    private final ClassLoader classLoader;

    public ClasspathContentSource(String root, ClassLoader classLoader) {
        this.root = root.endsWith("/") ? root : root + "/";
        this.classLoader = classLoader;
    }

    /** The course packaged with the guide: the classpath folder {@code content/}. */
    public static ClasspathContentSource packaged() {
        return new ClasspathContentSource("content/", ClasspathContentSource.class.getClassLoader());
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
    public List<String> find(String pattern) {
        PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver(classLoader);
        try {
            List<String> roots = new ArrayList<>();
            for (Resource base : resolver.getResources("classpath*:" + root)) {
                roots.add(base.getURL().toString());
            }
            List<String> paths = new ArrayList<>();
            for (Resource match : resolver.getResources("classpath*:" + root + pattern)) {
                String url = match.getURL().toString();
                // relative to the classpath root it was found under; a jar without directory entries lists no root
                paths.add(roots.stream()
                        .filter(url::startsWith)
                        .findFirst()
                        .map(base -> url.substring(base.length()))
                        .orElseGet(() -> url.substring(url.lastIndexOf("/" + root) + root.length() + 1)));
            }
            return paths.stream().distinct().sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list classpath:" + root + pattern, e);
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
