package io.kubeguide.sandbox;

import io.fabric8.kubernetes.api.model.Namespace;
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

    /** Whether its namespace is there and not being deleted, as the API server says now. */
    public boolean namespaceLive() {
        Namespace ns = adminClient.namespaces().withName(namespace()).get();
        return ns != null && ns.getMetadata().getDeletionTimestamp() == null;
    }

    public ProvisionedSandbox withCredentials(LearnerCredentials renewed) {
        return new ProvisionedSandbox(identity, provider, adminClient, renewed, handle);
    }
}
