package io.kubeguide.content;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.util.AntPathMatcher;

/** Course files in a directory on disk, for authors: a changed file is picked up on the next request. */
public final class DirectoryContentSource implements ContentSource {

    private final Path root;

    public DirectoryContentSource(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public Optional<String> read(String path) {
        Path file = resolve(path);
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    @Override
    public List<String> find(String pattern) {
        AntPathMatcher matcher = new AntPathMatcher();
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> root.relativize(file).toString().replace('\\', '/'))
                    .filter(path -> matcher.match(pattern, path))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + root, e);
        }
    }

    @Override
    public long version(String path) {
        Path file = resolve(path);
        try {
            return Files.getLastModifiedTime(file).toMillis() ^ (Files.size(file) << 40);
        } catch (IOException e) {
            return -1; // missing: a stamp of its own, so a file that appears later is noticed
        }
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public String describe() {
        return root.toString();
    }

    private Path resolve(String path) {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("Path escapes the content directory: " + path);
        }
        return file;
    }
}
