package io.kubeguide.sandbox.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeguide.files.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** After a crash, the next start ends what the crashed run left, and only that. */
class ProcessLedgerTest {

    @TempDir
    Path tmp;

    @Test
    void endsTheComponentsACrashedRunLeftAndNothingElse() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("work")).toAbsolutePath();
        Path bin = FakeComponents.binDir(work.resolve("bin"), Map.of());
        // What a crashed JVM leaves: components started in the work dir, one of them recorded in the pid file...
        Process recorded = new ProcessBuilder(
                        "/bin/sh", bin.resolve("kube-apiserver").toString(), "--cert-dir=" + work.resolve("pki"))
                .start();
        // ...one that started but never made it into the pid file...
        Process unrecorded = new ProcessBuilder(
                        "/bin/sh", bin.resolve("etcd").toString(), "--data-dir=" + work.resolve("etcd"))
                .start();
        // ...and a stranger whose pid happens to be in the file (pid reuse): it must survive.
        Process stranger = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(
                    work.resolve(ProcessLedger.PID_FILE),
                    recorded.pid() + " kube-apiserver\n" + stranger.pid() + " kwok\n");

            try (ProcessLedger ledger = ProcessLedger.open(work)) {
                assertThat(ledger.endLeftovers()).containsExactlyInAnyOrder(recorded.pid(), unrecorded.pid());
            }

            assertThat(recorded.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(unrecorded.waitFor(5, TimeUnit.SECONDS)).isTrue();
            assertThat(stranger.isAlive()).isTrue();
            assertThat(work.resolve(ProcessLedger.PID_FILE)).doesNotExist();
        } finally {
            recorded.destroyForcibly();
            unrecorded.destroyForcibly();
            stranger.destroyForcibly();
        }
    }

    @Test
    void aWorkDirAnEarlierVersionLeftOpenIsNarrowedAndThePidFileIsCreatedPrivate() throws Exception {
        Path work = Files.createDirectories(tmp.resolve("old-work"));
        Files.setPosixFilePermissions(work, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path lock = Files.createFile(work.resolve(ProcessLedger.LOCK_FILE));
        Files.setPosixFilePermissions(lock, PosixFilePermissions.fromString("rw-r--r--"));

        try (ProcessLedger ledger = ProcessLedger.open(work)) {
            ledger.record("etcd", 12345);
            assertThat(Files.getPosixFilePermissions(work)).isEqualTo(PrivateFiles.DIRECTORY);
            assertThat(Files.getPosixFilePermissions(lock)).isEqualTo(PrivateFiles.FILE);
            assertThat(Files.getPosixFilePermissions(work.resolve(ProcessLedger.PID_FILE)))
                    .isEqualTo(PrivateFiles.FILE);
            assertThat(work.resolve(ProcessLedger.PID_FILE)).hasContent("12345 etcd");
            ledger.clear();
        }
    }

    @Test
    void oneClusterPerWorkDir() {
        try (ProcessLedger first = ProcessLedger.open(tmp)) {
            assertThatThrownBy(() -> ProcessLedger.open(tmp))
                    .isInstanceOf(EmbeddedClusterException.class)
                    .hasMessageContaining("another embedded cluster is running in");
        }
        ProcessLedger.open(tmp).close();
    }
}
