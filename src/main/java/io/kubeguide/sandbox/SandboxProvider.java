package io.kubeguide.sandbox;

import java.util.Optional;

/**
 * Makes and removes fenced sandboxes on some Kubernetes API server. The fence ({@link SandboxFence}) is the same on
 * every provider; what differs is where the namespace lives: one shared local control plane ({@code embedded}), an
 * existing cluster ({@code cluster}) or a K3s container per sandbox ({@code k3s}).
 */
public interface SandboxProvider extends AutoCloseable {

    /** embedded, cluster or k3s. */
    String name();

    /**
     * Connects or starts what this provider needs (e.g. the embedded control plane) and cleans up leftovers of
     * crashed guide instances; idempotent, may block for a long time on first use.
     */
    void start();

    /** True once {@link #start()} has succeeded (so a preparation only waits for the sandbox itself). */
    boolean isStarted();

    /**
     * Until {@link #start()} has succeeded: what starting this provider goes through and how far it got (the
     * embedded control plane's build and start); empty once started, or where there is nothing to measure. Never
     * blocks, not even while {@link #start()} runs.
     */
    default Optional<ProviderProgress> startProgress() {
        return Optional.empty();
    }

    /** A fenced namespace with its learner credentials; {@link #start()} first. */
    ProvisionedSandbox provision(SandboxIdentity identity);

    /** False when the sandbox's namespace is gone or terminating, or its API server does not answer. */
    boolean isAlive(ProvisionedSandbox sandbox);

    /** Deletes the namespace and the cluster-scoped objects labelled with its sandbox id (or the whole container). */
    void release(ProvisionedSandbox sandbox);

    /**
     * A sandbox another guide replica made on this provider's cluster, taken over by guide instance
     * {@code instanceId} (its namespace's instance label moves, the learner gets fresh credentials); empty when it is
     * gone or terminating, or when this provider's sandboxes cannot be shared.
     */
    default Optional<ProvisionedSandbox> adopt(SandboxIdentity identity, String instanceId) {
        return Optional.empty();
    }

    /** Deletes a sandbox known by its identity only (made by another replica); nothing when it is gone. */
    default void delete(SandboxIdentity identity) {}

    /** Whether guide instance {@code instanceId} renews its lease on this provider's cluster. */
    default boolean isInstanceAlive(String instanceId) {
        return false;
    }

    /** Releases what the provider holds (stops the embedded control plane, closes clients). */
    @Override
    void close();
}
