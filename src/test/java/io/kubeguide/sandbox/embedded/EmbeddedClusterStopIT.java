package io.kubeguide.sandbox.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stopping the cluster leaves no child process and frees its ports. Uses a cluster of its own. */
class EmbeddedClusterStopIT {

    @Test
    void closeEndsEveryComponentAndFreesItsPorts() throws Exception {
        Path work = Path.of("target", "embedded-cluster-stop-it").toAbsolutePath();
        EmbeddedClusterProperties props = EmbeddedClusterProperties.defaults().withWorkDir(work);
        String binDir = System.getProperty("guide.embedded.bin-dir");
        if (binDir != null && !binDir.isBlank()) {
            props = props.withBinDir(Path.of(binDir));
        }

        EmbeddedCluster cluster = EmbeddedCluster.start(props);
        Map<String, Long> pids = cluster.pids();
        List<Integer> ports = cluster.ports();
        assertThat(pids.keySet()).containsExactlyInAnyOrder(ControlPlaneBinaries.COMPONENTS.toArray(String[]::new));
        assertThat(cluster.isRunning()).isTrue();
        // etcd client, API server, controller manager, scheduler; etcd's peer endpoint is a unix socket
        assertThat(ports)
                .hasSize(4)
                .allSatisfy(port -> assertThat(EmbeddedCluster.portFree(port)).isFalse());
        assertThat(work.resolve(EmbeddedCluster.ETCD_PEER_SOCKET))
                .exists()
                .satisfies(socket -> assertThat(Files.readAttributes(socket, BasicFileAttributes.class)
                                .isOther())
                        .as("a socket")
                        .isTrue());
        assertThat(cluster.adminClient().nodes().list().getItems()).hasSizeGreaterThanOrEqualTo(2);

        cluster.close();

        assertThat(pids.values()).allSatisfy(pid -> {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
                    .as("pid " + pid)
                    .isNotEqualTo(Optional.of(true));
            assertThat(Path.of("/proc", Long.toString(pid)))
                    .as("/proc entry of pid " + pid)
                    .doesNotExist();
        });
        assertThat(ProcessHandle.current()
                        .children()
                        .filter(p -> pids.containsValue(p.pid()))
                        .toList())
                .isEmpty();
        assertThat(FakeComponents.processesUsing(work))
                .as("processes using " + work)
                .isEmpty();
        assertThat(ports)
                .allSatisfy(port -> assertThat(EmbeddedCluster.portFree(port))
                        .as("port " + port)
                        .isTrue());
        assertThat(work.resolve(ProcessLedger.PID_FILE)).doesNotExist();
        assertThat(work.resolve(EmbeddedCluster.ETCD_PEER_SOCKET))
                .as("removed by etcd on stop")
                .doesNotExist();
        assertThat(Files.readString(work.resolve("logs/kube-apiserver.log"))).isNotEmpty();
        cluster.close(); // idempotent
    }
}
