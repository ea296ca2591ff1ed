package io.kubeguide.sandbox.provider;

import io.kubeguide.sandbox.SandboxFenceProperties;
import io.kubeguide.sandbox.SandboxProperties;
import io.kubeguide.sandbox.SandboxProvider;
import io.kubeguide.sandbox.SandboxProviderChoice;
import io.kubeguide.sandbox.SandboxProviders;
import io.kubeguide.sandbox.embedded.EmbeddedClusterProperties;
import java.nio.file.Files;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.testcontainers.DockerClientFactory;

/** Chooses and makes the sandbox provider from {@code guide.sandbox.*} and {@code guide.embedded.*}. */
@Configuration(proxyBeanMethods = false)
public class SandboxConfiguration {

    @Bean(destroyMethod = "") // closed by SandboxService after it deleted its sandboxes
    SandboxProviders sandboxProviders(
            SandboxProperties sandbox, SandboxFenceProperties fence, EmbeddedClusterProperties embedded) {
        String instanceId = sandbox.instanceId();
        SandboxProviderChoice.Facts facts = SandboxProviderChoice.Facts.of(
                SandboxConfiguration::dockerAnswers,
                () -> EmbeddedClusterConnection.problem(embedded),
                () -> clusterProblem(sandbox));
        return new SandboxProviders(() -> SandboxProviderChoice.choose(
                sandbox.provider(), facts, name -> create(name, sandbox, fence, embedded, instanceId)));
    }

    /** The provider called {@code name} (k3s, cluster, else embedded); also the content checker's. */
    public static SandboxProvider create(
            String name,
            SandboxProperties sandbox,
            SandboxFenceProperties fence,
            EmbeddedClusterProperties embedded,
            String instanceId) {
        switch (name) {
            case SandboxProviderChoice.K3S:
                return new K3sSandboxProvider(sandbox.k3sImage(), fence.allowedImages());
            case SandboxProviderChoice.CLUSTER:
                return new NamespaceSandboxProvider(
                        name,
                        clusterConnection(sandbox),
                        instanceId,
                        sandbox.instanceLeaseDuration(),
                        fence.allowedImages());
            default:
                return new NamespaceSandboxProvider(
                        name,
                        new EmbeddedClusterConnection(embedded),
                        instanceId,
                        sandbox.instanceLeaseDuration(),
                        fence.allowedImages());
        }
    }

    /** The kubeconfig's cluster, or without one the cluster the guide's Pod runs in, with its ServiceAccount. */
    private static ClusterConnection clusterConnection(SandboxProperties sandbox) {
        if (sandbox.kubeconfig() != null) {
            return new KubeconfigClusterConnection(sandbox.kubeconfig());
        }
        return InClusterConnection.ofPod(System.getenv())
                .orElseThrow(
                        () -> new IllegalStateException(clusterProblem(sandbox).orElse("not in a Pod")));
    }

    static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static Optional<String> clusterProblem(SandboxProperties sandbox) {
        if (sandbox.kubeconfig() == null) {
            return InClusterConnection.ofPod(System.getenv()).isPresent()
                    ? Optional.empty()
                    : Optional.of("guide.sandbox.provider=cluster needs guide.sandbox.kubeconfig, the kubeconfig "
                            + "file of the cluster learners' namespaces go to, or a Pod's ServiceAccount (the guide "
                            + "running in that cluster).");
        }
        if (!Files.isReadable(sandbox.kubeconfig())) {
            return Optional.of("guide.sandbox.kubeconfig " + sandbox.kubeconfig() + " is not a readable file.");
        }
        return Optional.empty();
    }
}
