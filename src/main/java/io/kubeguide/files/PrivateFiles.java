package io.kubeguide.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates files and directories readable by their owner only: files 0600, directories 0700, given as the creation
 * attribute, so that they are never readable by others, not even between creation and a later chmod. Content is
 * written to a private temporary file in the same directory and moved into place, so a file that already existed
 * with wider permissions is replaced by a private one rather than rewritten in place.
 * On a file system without POSIX permissions the files are created with its defaults.
 */
public final class PrivateFiles {

    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);
    private static final Logger log = LoggerFactory.getLogger(PrivateFiles.class);

    private PrivateFiles() {}

    /** {@code ~/.kubeguide}: the guide's own directory, made private whenever the guide creates something in it. */
    public static Path guideHome() {
        return Path.of(System.getProperty("user.home"), ".kubeguide")
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Creates {@code dir} and every missing parent with mode 0700; directories that exist are left as they are,
     * except {@code ~/.kubeguide}, which belongs to the guide and is narrowed to 0700 when an earlier version left
     * it readable by others.
     */
    public static Path createDirectories(Path dir) throws IOException {
        Path absolute = dir.toAbsolutePath().normalize();
        Deque<Path> missing = new ArrayDeque<>();
        for (Path p = absolute; p != null && !Files.isDirectory(p); p = p.getParent()) {
            missing.push(p);
        }
        for (Path p : missing) {
            try {
                Files.createDirectory(p, directoryAttributes(p));
            } catch (FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    throw e;
                }
                // created by someone else in the meantime
            }
        }
        Path home = guideHome();
        if (absolute.startsWith(home)) {
            narrow(home);
        }
        return dir;
    }

    /**
     * Creates {@code dir} like {@link #createDirectories} and makes sure {@code dir} itself is 0700: for directories
     * that belong to the guide alone (the embedded control plane's work directory), which an earlier version may
     * have created readable by others. Permissions are only ever taken away here, never added.
     */
    public static Path ownedDirectory(Path dir) throws IOException {
        createDirectories(dir);
        narrow(dir);
        return dir;
    }

    /** Writes {@code content} to {@code file} (mode 0600), replacing what was there. */
    public static Path writeString(Path file, String content) throws IOException {
        return write(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code bytes} to {@code file} (mode 0600), replacing what was there. */
    public static Path write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", fileAttributes(dir));
        try {
            Files.write(temp, bytes);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return file;
    }

    /**
     * Creates an empty {@code file} with mode 0600 unless it exists: for files that something else then writes to
     * (a child process's log, a pid file appended to).
     */
    public static Path createFile(Path file) throws IOException {
        try {
            Files.createFile(file, fileAttributes(file.toAbsolutePath().getParent()));
        } catch (FileAlreadyExistsException e) {
            // kept: created private by an earlier call
        }
        return file;
    }

    /** Opens a channel on {@code file}, creating it with mode 0600 when {@code options} say CREATE. */
    public static FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        return FileChannel.open(
                file, options, fileAttributes(file.toAbsolutePath().getParent()));
    }

    /** True when neither group nor others have any permission on {@code path} (true on non-POSIX file systems). */
    public static boolean isPrivate(Path path) throws IOException {
        if (!posix(path)) {
            return true;
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
        return permissions.stream().noneMatch(OTHERS::contains);
    }

    /**
     * Takes group and other permissions away from an existing path that belongs to the guide alone (left open by an
     * earlier version); never adds any. New files are created private instead: see {@link #createFile}.
     */
    public static void narrow(Path path) throws IOException {
        if (!posix(path) || !Files.exists(path, LinkOption.NOFOLLOW_LINKS) || isPrivate(path)) {
            return;
        }
        Set<PosixFilePermission> permissions = EnumSet.copyOf(Files.getPosixFilePermissions(path));
        permissions.removeAll(OTHERS);
        log.warn(
                "{} was readable by other users ({}); narrowed to owner only",
                path,
                PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        Files.setPosixFilePermissions(path, permissions);
    }

    private static FileAttribute<?>[] fileAttributes(Path dir) {
        return posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
                : new FileAttribute<?>[0];
    }

    private static FileAttribute<?>[] directoryAttributes(Path dir) {
        return posix(dir)
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(DIRECTORY)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix(Path path) {
        return path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
