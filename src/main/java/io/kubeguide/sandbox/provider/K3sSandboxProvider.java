package io.kubeguide.sandbox.provider;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubeguide.sandbox.LearnerCredentials;
import io.kubeguide.sandbox.ProviderProgress;
import io.kubeguide.sandbox.ProvisionedSandbox;
import io.kubeguide.sandbox.SandboxAdmissionPolicy;
import io.kubeguide.sandbox.SandboxFence;
import io.kubeguide.sandbox.SandboxIdentity;
import io.kubeguide.sandbox.SandboxLabels;
import io.kubeguide.sandbox.SandboxProvider;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.images.RemoteDockerImage;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A K3s server in its own container per sandbox (Testcontainers), the learner fenced in a namespace inside it
 * exactly as on the other providers. Containers carry the sandbox labels; Testcontainers' reaper removes them if
 * the guide dies.
 */
public class K3sSandboxProvider implements SandboxProvider {

    private static final Logger log = LoggerFactory.getLogger(K3sSandboxProvider.class);

    private final DockerImageName image;
    private final List<String> allowedImages;
    private volatile boolean started;

    public K3sSandboxProvider(String image, List<String> allowedImages) {
        this.image = DockerImageName.parse(image).asCompatibleSubstituteFor("rancher/k3s");
        this.allowedImages = List.copyOf(allowedImages);
    }

    @Override
    public String name() {
        return "k3s";
    }

    /** Pulls the K3s image (each sandbox then starts a container of its own); a failed pull is tried again by each. */
    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        try {
            new RemoteDockerImage(image).get();
        } catch (RuntimeException e) {
            log.warn("Could not pull {} now ({}); each sandbox tries again", image, e.getMessage());
        }
        started = true;
    }

    @Override
    public boolean isStarted() {
        return started;
    }

    @Override
    public Optional<ProviderProgress> startProgress() {
        return started
                ? Optional.empty()
                : Optional.of(new ProviderProgress(
                        "pull", "pulling the K3s image " + image.asCanonicalNameString(), 0, 60, List.of("pull")));
    }

    @Override
    @SuppressWarnings("resource") // closed in release()
    public ProvisionedSandbox provision(SandboxIdentity identity) {
        K3sContainer container = new K3sContainer(image)
                .withLabel(SandboxLabels.SANDBOX, identity.sandboxId())
                .withLabel(SandboxLabels.INSTANCE, identity.instanceId())
                .withLabel(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGED_BY_GUIDE);
        KubernetesClient admin = null;
        try {
            container.start();
            admin = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(container.getKubeConfigYaml()))
                    .build();
            SandboxAdmissionPolicy.install(admin); // each sandbox is a cluster of its own
            LearnerCredentials credentials = SandboxFence.fence(admin, identity, allowedImages);
            return new ProvisionedSandbox(identity, name(), admin, credentials, container);
        } catch (RuntimeException e) {
            if (admin != null) {
                admin.close();
            }
            container.stop();
            throw e;
        }
    }

    @Override
    public boolean isAlive(ProvisionedSandbox sandbox) {
        K3sContainer container = (K3sContainer) sandbox.handle();
        if (!container.isRunning()) {
            return false;
        }
        try {
            return sandbox.namespaceLive();
        } catch (KubernetesClientException e) {
            log.warn("K3s sandbox {} did not answer: {}", sandbox.namespace(), e.getMessage());
            return false;
        }
    }

    @Override
    public void release(ProvisionedSandbox sandbox) {
        sandbox.adminClient().close();
        ((K3sContainer) sandbox.handle()).stop();
    }

    @Override
    public void close() {
        // every container is released with its sandbox
    }
}
