package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubeguide.sandbox.provider.K3sSandboxProvider;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same fence and flow on the {@code k3s} provider: a K3s container per sandbox, image tag = the pinned
 * Kubernetes version. Skipped, and says so, where Docker does not answer.
 */
@EnabledIf(value = "dockerAnswers", disabledReason = "Docker is not available: K3s sandboxes cannot run here")
@Testcontainers(disabledWithoutDocker = true)
class K3sSandboxIT {

    private static final Logger log = LoggerFactory.getLogger(K3sSandboxIT.class);
    private static SandboxService service;
    private static Sandbox a;
    private static Sandbox b;

    static boolean dockerAnswers() {
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        if (!docker) {
            log.warn(
                    "K3sSandboxIT SKIPPED: Docker is not available here, so the k3s provider ({}) is not tested. "
                            + "Run it where Docker answers.",
                    SandboxProperties.DEFAULT_K3S_IMAGE);
        }
        return docker;
    }

    @BeforeAll
    static void twoLearnersOnK3s() throws Exception {
        String image = System.getProperty("kubernetes.version") == null
                ? SandboxProperties.DEFAULT_K3S_IMAGE
                : "rancher/k3s:v" + System.getProperty("kubernetes.version") + "-k3s1";
        service = new SandboxService(
                SandboxProperties.defaults(),
                SandboxProviders.of(new K3sSandboxProvider(image, SandboxFenceProperties.DEFAULT_ALLOWED_IMAGES)));
        a = service.awaitReady(
                new SandboxRequest("k3s-a", "services-clusterip", SandboxLifecycleIT.SETUP), Duration.ofMinutes(5));
        b = service.awaitReady(new SandboxRequest("k3s-b", "x", ""), Duration.ofMinutes(5));
    }

    @AfterAll
    static void release() {
        if (service != null) {
            service.destroy();
        }
    }

    @Test
    void setupIsAppliedAndTheServerRunsThePinnedVersion() {
        assertThat(a.provider()).isEqualTo("k3s");
        assertThat(a.adminClient()
                        .apps()
                        .deployments()
                        .inNamespace(a.namespace())
                        .withName("web")
                        .get()
                        .getStatus()
                        .getAvailableReplicas())
                .isEqualTo(3);
        String version = System.getProperty("kubernetes.version", "1.36.3");
        assertThat(a.adminClient().getKubernetesVersion().getGitVersion()).startsWith("v" + version);
    }

    @Test
    void theFenceHoldsOnK3sToo() {
        Pod privileged = new PodBuilder(SandboxFenceIT.plainPod("privileged"))
                .editSpec()
                .editFirstContainer()
                .withNewSecurityContext()
                .withPrivileged(true)
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .build();
        WarningCapture warnings = new WarningCapture();
        try (KubernetesClient learner = a.learnerClient(warnings)) {
            assertThatThrownBy(() -> learner.pods().resource(privileged).create())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
            learner.pods().resource(SandboxFenceIT.plainPod("advised")).create();
            assertThatThrownBy(() ->
                            learner.configMaps().inNamespace("kube-system").list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
        }
        assertThat(warnings.warnings()).anySatisfy(w -> assertThat(w).contains("restricted"));
        assertThat(a.adminClient().getMasterUrl()).isNotEqualTo(b.adminClient().getMasterUrl());
    }
}
