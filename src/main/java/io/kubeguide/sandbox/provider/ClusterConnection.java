package io.kubeguide.sandbox.provider;

import io.fabric8.kubernetes.client.KubernetesClient;

/** How a namespace-per-sandbox provider reaches its one cluster with admin rights. */
public interface ClusterConnection extends AutoCloseable {

    /** Connects (or starts the cluster); may block for a long time; called once, again after {@link #close()}. */
    KubernetesClient open();

    /** False when the cluster this connection opened is known to be gone (e.g. an embedded component died). */
    default boolean isHealthy() {
        return true;
    }

    /** Disconnects (and stops the cluster if this connection started it). */
    @Override
    void close();
}
