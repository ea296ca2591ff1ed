package io.kubeguide.sandbox;

import io.kubeguide.sandbox.embedded.EmbeddedClusterProperties;
import io.kubeguide.sandbox.provider.EmbeddedClusterConnection;
import io.kubeguide.sandbox.provider.K3sSandboxProvider;
import io.kubeguide.sandbox.provider.KubeconfigClusterConnection;
import io.kubeguide.sandbox.provider.NamespaceSandboxProvider;
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
                        new KubeconfigClusterConnection(sandbox.kubeconfig()),
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

    static boolean dockerAnswers() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static Optional<String> clusterProblem(SandboxProperties sandbox) {
        if (sandbox.kubeconfig() == null) {
            return Optional.of("guide.sandbox.provider=cluster needs guide.sandbox.kubeconfig, the kubeconfig file "
                    + "of the cluster learners' namespaces go to.");
        }
        if (!Files.isReadable(sandbox.kubeconfig())) {
            return Optional.of("guide.sandbox.kubeconfig " + sandbox.kubeconfig() + " is not a readable file.");
        }
        return Optional.empty();
    }
}
