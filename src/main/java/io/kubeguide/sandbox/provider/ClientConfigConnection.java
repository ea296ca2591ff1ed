package io.kubeguide.sandbox.provider;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/** A cluster that is already running, reached with a client configuration made at each {@link #open()}. */
abstract class ClientConfigConnection implements ClusterConnection {

    private KubernetesClient client;

    /** How to reach the cluster, read anew at each open (a kubeconfig may have changed). */
    abstract Config config();

    @Override
    public synchronized KubernetesClient open() {
        client = new KubernetesClientBuilder().withConfig(config()).build();
        client.getKubernetesVersion(); // fails now, with the reason, if the cluster does not answer
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
