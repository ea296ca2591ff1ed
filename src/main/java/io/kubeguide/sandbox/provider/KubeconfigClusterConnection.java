package io.kubeguide.sandbox.provider;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An existing cluster from a kubeconfig file (its current context), provider {@code cluster}. */
public final class KubeconfigClusterConnection implements ClusterConnection {

    private final Path kubeconfig;
    private KubernetesClient client;

    public KubeconfigClusterConnection(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    @Override
    public synchronized KubernetesClient open() {
        try {
            Config config = Config.fromKubeconfig(Files.readString(kubeconfig));
            client = new KubernetesClientBuilder().withConfig(config).build();
            client.getKubernetesVersion(); // fails now, with the reason, if the cluster does not answer
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
