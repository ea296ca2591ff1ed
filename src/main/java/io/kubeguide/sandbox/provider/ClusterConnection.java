package io.kubeguide.sandbox.provider;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.sandbox.ProviderProgress;
import java.util.Optional;

/** How a namespace-per-sandbox provider reaches its one cluster with admin rights. */
public interface ClusterConnection extends AutoCloseable {

    /** Connects (or starts the cluster); may block for a long time; called once, again after {@link #close()}. */
    KubernetesClient open();

    /** False when the cluster this connection opened is known to be gone (e.g. an embedded component died). */
    default boolean isHealthy() {
        return true;
    }

    /** While {@link #open()} has not succeeded yet: what opening goes through and how far it got; never blocks. */
    default Optional<ProviderProgress> startProgress() {
        return Optional.empty();
    }

    /** Disconnects (and stops the cluster if this connection started it). */
    @Override
    void close();
}
