package io.kubeguide.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {

    @TempDir
    Path tmp;

    @Test
    void missingDirectoriesAreCreatedOwnerOnlyAndExistingOnesAreLeftAlone() throws Exception {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path deep = tmp.resolve("a/b/c");

        PrivateFiles.createDirectories(deep);

        assertThat(Files.getPosixFilePermissions(tmp.resolve("a"))).isEqualTo(PrivateFiles.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(tmp.resolve("a/b"))).isEqualTo(PrivateFiles.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(deep)).isEqualTo(PrivateFiles.DIRECTORY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp)))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void anOwnedDirectoryLeftOpenByAnEarlierVersionIsNarrowedNeverWidened() throws Exception {
        Path work = Files.createDirectory(tmp.resolve("work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        PrivateFiles.ownedDirectory(work);
        assertThat(Files.getPosixFilePermissions(work)).isEqualTo(PrivateFiles.DIRECTORY);

        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("r-x------"));
        PrivateFiles.ownedDirectory(work);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work)))
                .isEqualTo("r-x------");
    }

    @Test
    void theGuidesOwnHomeIsMadePrivateWhenSomethingIsCreatedInIt() throws Exception {
        String userHome = System.getProperty("user.home");
        Path home = Files.createDirectory(tmp.resolve("home"));
        Path guideHome = Files.createDirectory(home.resolve(".kubeguide"));
        Files.setPosixFilePermissions(guideHome, PosixFilePermissions.fromString("rwxr-xr-x"));
        System.setProperty("user.home", home.toString());
        try {
            PrivateFiles.createDirectories(guideHome.resolve("embedded"));
        } finally {
            System.setProperty("user.home", userHome);
        }
        assertThat(Files.getPosixFilePermissions(guideHome)).isEqualTo(PrivateFiles.DIRECTORY);
        assertThat(Files.getPosixFilePermissions(guideHome.resolve("embedded"))).isEqualTo(PrivateFiles.DIRECTORY);
    }

    @Test
    void writtenFilesAreOwnerOnlyAndReplaceAWiderFileInsteadOfReusingIt() throws Exception {
        Path key = tmp.resolve("admin.key");
        Files.writeString(key, "old");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        Object oldInode = Files.readAttributes(key, BasicFileAttributes.class).fileKey();

        PrivateFiles.writeString(key, "secret");

        assertThat(key).hasContent("secret");
        assertThat(Files.getPosixFilePermissions(key)).isEqualTo(PrivateFiles.FILE);
        assertThat(Files.readAttributes(key, BasicFileAttributes.class).fileKey())
                .as("a new file, not the old one chmod-ed")
                .isNotEqualTo(oldInode);
        try (var left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("no temporary file left")
                    .containsExactly("admin.key");
        }
    }

    @Test
    void createdAndOpenedFilesAreOwnerOnly() throws Exception {
        Path log = PrivateFiles.createFile(tmp.resolve("etcd.log"));
        assertThat(Files.getPosixFilePermissions(log)).isEqualTo(PrivateFiles.FILE);
        Path pids = tmp.resolve("embedded.pids");
        try (var channel = PrivateFiles.open(pids, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE))) {
            channel.write(ByteBuffer.wrap("1 etcd\n".getBytes()));
        }
        assertThat(Files.getPosixFilePermissions(pids)).isEqualTo(PrivateFiles.FILE);
        assertThat(PrivateFiles.isPrivate(pids)).isTrue();
        Files.setPosixFilePermissions(pids, PosixFilePermissions.fromString("rw----r--"));
        assertThat(PrivateFiles.isPrivate(pids)).isFalse();
    }
}
