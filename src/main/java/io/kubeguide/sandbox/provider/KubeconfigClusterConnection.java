package io.kubeguide.sandbox.provider;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** An existing cluster from a kubeconfig file (its current context), provider {@code cluster}. */
public final class KubeconfigClusterConnection extends ClientConfigConnection {

    private final Path kubeconfig;

    public KubeconfigClusterConnection(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    @Override
    Config config() {
        try {
            return Config.fromKubeconfig(Files.readString(kubeconfig));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kubeconfig " + kubeconfig, e);
        }
    }
}
