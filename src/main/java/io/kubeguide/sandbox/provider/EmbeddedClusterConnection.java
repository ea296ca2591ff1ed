package io.kubeguide.sandbox.provider;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.sandbox.ProviderProgress;
import io.kubeguide.sandbox.embedded.EmbeddedCluster;
import io.kubeguide.sandbox.embedded.EmbeddedClusterProperties;
import io.kubeguide.sandbox.embedded.StartProgress;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The embedded control plane, started on first use and stopped when the provider closes (provider
 * {@code embedded}).
 */
public final class EmbeddedClusterConnection implements ClusterConnection {

    private static final List<String> COMPONENTS =
            List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok");

    private final EmbeddedClusterProperties properties;
    private final StartProgress progress;
    private volatile EmbeddedCluster cluster;

    public EmbeddedClusterConnection(EmbeddedClusterProperties properties) {
        this.properties = properties;
        this.progress = StartProgress.forStart(properties);
    }

    @Override
    public synchronized KubernetesClient open() {
        if (cluster == null || !cluster.isRunning()) {
            close();
            cluster = EmbeddedCluster.start(properties, progress);
        }
        return cluster.adminClient();
    }

    /** The build (or download) and start under way; before the first start, what it will go through, at 0 %. */
    @Override
    public Optional<ProviderProgress> startProgress() {
        Optional<StartProgress.Snapshot> now = progress.current();
        if (now.isEmpty() && cluster == null) {
            now = Optional.of(progress.expected());
        }
        return now.map(s -> new ProviderProgress(
                s.phase(), s.step(), s.percent(), s.remaining().toSeconds(), s.phases()));
    }

    @Override
    public synchronized boolean isHealthy() {
        return cluster != null && cluster.isRunning();
    }

    @Override
    public synchronized void close() {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    /**
     * Why the embedded control plane cannot run here, or empty when its binaries are there (configured directory or
     * cache) or can be downloaded or built; the same order {@link EmbeddedCluster#start} resolves them in.
     */
    public static Optional<String> problem(EmbeddedClusterProperties props) {
        if (props.binDir() != null) {
            List<String> missing = missing(props.binDir());
            return missing.isEmpty()
                    ? Optional.empty()
                    : Optional.of(
                            "guide.embedded.bin-dir " + props.binDir() + " lacks " + String.join(", ", missing) + ".");
        }
        if (missing(props.versionedBinDir()).isEmpty()) {
            return Optional.empty();
        }
        if (props.download() && props.kwokSha256() != null) {
            return Optional.empty();
        }
        if (props.build() && onPath("go") && buildScript(props).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("the embedded control plane's binaries are not in " + props.versionedBinDir()
                + " and cannot be built here ("
                + (onPath("go") ? "embedded-cluster/build.sh not found" : "no Go toolchain on the PATH")
                + "): install Go and run embedded-cluster/build.sh, or set "
                + "guide.embedded.bin-dir.");
    }

    private static List<String> missing(Path dir) {
        return COMPONENTS.stream()
                .filter(c -> !Files.isExecutable(dir.resolve(c)))
                .toList();
    }

    private static Optional<Path> buildScript(EmbeddedClusterProperties props) {
        if (props.buildScript() != null) {
            return Files.isRegularFile(props.buildScript()) ? Optional.of(props.buildScript()) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("embedded-cluster").resolve("build.sh");
            if (Files.isRegularFile(script)) {
                return Optional.of(script);
            }
        }
        return Optional.empty();
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
