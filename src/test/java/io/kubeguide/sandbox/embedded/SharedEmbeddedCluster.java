package io.kubeguide.sandbox.embedded;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One embedded control plane per test JVM: started on first use, stopped at JVM exit (by the cluster's own shutdown
 * hook). Its work directory is {@code target/embedded-cluster} of the module, so test runs of different checkouts
 * never share one. {@code -Dguide.embedded.bin-dir=...} uses prebuilt binaries.
 */
public final class SharedEmbeddedCluster {

    private static EmbeddedCluster cluster;
    private static RuntimeException failure;

    private SharedEmbeddedCluster() {}

    public static synchronized EmbeddedCluster get() {
        if (failure != null) {
            throw failure; // do not wait out a second start timeout in every test class
        }
        if (cluster == null) {
            EmbeddedClusterProperties props = EmbeddedClusterProperties.defaults()
                    .withWorkDir(Path.of("target", "embedded-cluster").toAbsolutePath());
            // a busy CI machine (2 cores shared with other builds) can take longer than the default to start it
            props = props.withStartTimeout(Duration.parse(System.getProperty("guide.embedded.start-timeout", "PT5M")));
            String binDir = System.getProperty("guide.embedded.bin-dir");
            if (binDir != null && !binDir.isBlank()) {
                props = props.withBinDir(Path.of(binDir));
            }
            try {
                cluster = EmbeddedCluster.start(props);
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
        }
        return cluster;
    }
}
