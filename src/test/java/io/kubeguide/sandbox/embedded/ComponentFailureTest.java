package io.kubeguide.sandbox.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A component that dies or never gets ready: the error names it and quotes its log; nothing is left running. */
class ComponentFailureTest {

    @TempDir
    Path tmp;

    @Test
    void aComponentThatExitsIsNamedWithTheTailOfItsLog() throws Exception {
        Path bin = FakeComponents.binDir(
                tmp.resolve("bin"),
                Map.of(
                        "etcd",
                        "#!/bin/sh\necho 'starting etcd'\necho 'etcdmain: listen tcp: address already in use' >&2\nexit 3\n"));
        Path work = tmp.resolve("work");
        EmbeddedClusterProperties props = EmbeddedClusterProperties.defaults()
                .withBinDir(bin)
                .withWorkDir(work)
                .withStartTimeout(Duration.ofSeconds(30));

        assertThatThrownBy(() -> EmbeddedCluster.start(props))
                .isInstanceOfSatisfying(
                        EmbeddedClusterException.class,
                        e -> assertThat(e.component()).isEqualTo("etcd"))
                .hasMessageContaining("etcd: exited during start (exit code 3)")
                .hasMessageContaining("address already in use")
                .hasMessageContaining(work.resolve("logs/etcd.log").toString());
        assertThat(FakeComponents.processesUsing(work))
                .as("processes left running")
                .isEmpty();
    }

    @Test
    void aComponentThatNeverGetsReadyIsNamedWhenTheTimeoutPasses() throws Exception {
        Path bin = FakeComponents.binDir(tmp.resolve("bin"), Map.of());
        Path work = tmp.resolve("work");
        EmbeddedClusterProperties props = EmbeddedClusterProperties.defaults()
                .withBinDir(bin)
                .withWorkDir(work)
                .withStartTimeout(Duration.ofSeconds(4));

        assertThatThrownBy(() -> EmbeddedCluster.start(props))
                .isInstanceOfSatisfying(
                        EmbeddedClusterException.class,
                        // etcd is the first to be waited for (it must listen before the API server's phase)
                        e -> assertThat(e.component()).isEqualTo("etcd"))
                .hasMessageContaining("did not listen on port")
                .hasMessageContaining("within the start timeout")
                .hasMessageContaining("etcd started with");
        assertThat(FakeComponents.processesUsing(work))
                .as("processes left running")
                .isEmpty();
    }
}
