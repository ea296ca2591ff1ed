package io.kubeguide.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.sandbox.embedded.SharedEmbeddedCluster;
import io.kubeguide.sandbox.provider.ClusterConnection;
import io.kubeguide.sandbox.provider.NamespaceSandboxProvider;
import java.time.Duration;

/** The test JVM's one embedded control plane, reached by sandbox providers; closing leaves it running. */
public final class SharedClusterConnection implements ClusterConnection {

    @Override
    public KubernetesClient open() {
        return SharedEmbeddedCluster.get().adminClient();
    }

    @Override
    public void close() {
        // the shared cluster stops at JVM exit
    }

    public static KubernetesClient admin() {
        return SharedEmbeddedCluster.get().adminClient();
    }

    /** An {@code embedded} provider on the shared cluster for guide instance {@code instanceId}. */
    public static NamespaceSandboxProvider provider(String instanceId) {
        return new NamespaceSandboxProvider(
                "embedded",
                new SharedClusterConnection(),
                instanceId,
                Duration.ofMinutes(2),
                SandboxFenceProperties.DEFAULT_ALLOWED_IMAGES);
    }
}
