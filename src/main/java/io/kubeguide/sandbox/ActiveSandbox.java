package io.kubeguide.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;

/** A READY sandbox handed to the engine; renews the learner's token before it expires. */
final class ActiveSandbox implements Sandbox {

    private final String learnerId;
    private final String exerciseId;
    private final SandboxProvider provider;
    private volatile ProvisionedSandbox provisioned;

    ActiveSandbox(String learnerId, String exerciseId, SandboxProvider provider, ProvisionedSandbox provisioned) {
        this.learnerId = learnerId;
        this.exerciseId = exerciseId;
        this.provider = provider;
        this.provisioned = provisioned;
    }

    @Override
    public String namespace() {
        return provisioned.namespace();
    }

    @Override
    public String learnerId() {
        return learnerId;
    }

    @Override
    public String exerciseId() {
        return exerciseId;
    }

    @Override
    public String provider() {
        return provider.name();
    }

    @Override
    public KubernetesClient adminClient() {
        return provisioned.adminClient();
    }

    @Override
    public Config learnerConfig() {
        ProvisionedSandbox current = provisioned;
        if (current.credentials().expiresWithin(SandboxFence.TOKEN_RENEW_MARGIN, Instant.now())) {
            synchronized (this) {
                current = provisioned;
                if (current.credentials().expiresWithin(SandboxFence.TOKEN_RENEW_MARGIN, Instant.now())) {
                    current = current.withCredentials(
                            SandboxFence.issueLearnerCredentials(current.adminClient(), current.namespace()));
                    provisioned = current;
                }
            }
        }
        return current.credentials().config();
    }

    ProvisionedSandbox provisioned() {
        return provisioned;
    }

    SandboxProvider sandboxProvider() {
        return provider;
    }

    @Override
    public String toString() {
        return "Sandbox[" + namespace() + " on " + provider() + " for exercise " + exerciseId + "]";
    }
}
