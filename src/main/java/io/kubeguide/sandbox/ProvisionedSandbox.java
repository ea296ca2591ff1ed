package io.kubeguide.sandbox;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A fenced namespace as a provider made it.
 *
 * @param adminClient admin client of the cluster it lives on (shared on namespace-per-sandbox providers)
 * @param handle      provider-private state (e.g. the K3s container), or null
 */
public record ProvisionedSandbox(
        SandboxIdentity identity,
        String provider,
        KubernetesClient adminClient,
        LearnerCredentials credentials,
        Object handle) {

    public String namespace() {
        return identity.namespace();
    }

    public ProvisionedSandbox withCredentials(LearnerCredentials renewed) {
        return new ProvisionedSandbox(identity, provider, adminClient, renewed, handle);
    }
}
