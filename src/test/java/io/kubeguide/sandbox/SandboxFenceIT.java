package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubeguide.sandbox.provider.NamespaceSandboxProvider;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fence, enforced by the real API server (embedded control plane): two learners, two namespaces. */
class SandboxFenceIT {

    private static NamespaceSandboxProvider provider;
    private static ProvisionedSandbox a;
    private static ProvisionedSandbox b;

    @BeforeAll
    static void twoLearners() {
        String instance = SandboxIdentity.randomInstanceId();
        provider = SharedClusterConnection.provider(instance);
        provider.start();
        a = provider.provision(SandboxIdentity.next(instance));
        b = provider.provision(SandboxIdentity.next(instance));
    }

    @AfterAll
    static void release() {
        if (provider != null) {
            provider.release(a);
            provider.release(b);
            provider.close();
        }
    }

    private static KubernetesClient learner(ProvisionedSandbox sandbox) {
        return new KubernetesClientBuilder()
                .withConfig(sandbox.credentials().config())
                .build();
    }

    @Test
    void theNamespaceCarriesTheFence() {
        KubernetesClient admin = a.adminClient();
        Map<String, String> labels =
                admin.namespaces().withName(a.namespace()).get().getMetadata().getLabels();
        assertThat(labels)
                .containsEntry("pod-security.kubernetes.io/enforce", "baseline")
                .containsEntry("pod-security.kubernetes.io/warn", "restricted")
                .containsEntry("pod-security.kubernetes.io/audit", "restricted")
                .containsEntry(SandboxLabels.SANDBOX, a.identity().sandboxId());
        assertThat(admin.resourceQuotas()
                        .inNamespace(a.namespace())
                        .withName(SandboxFence.QUOTA)
                        .get()
                        .getSpec()
                        .getHard())
                .containsEntry("pods", new Quantity("20"));
        assertThat(admin.limitRanges()
                        .inNamespace(a.namespace())
                        .withName(SandboxFence.LIMITS)
                        .get())
                .isNotNull();
        assertThat(a.credentials().config().getNamespace()).isEqualTo(a.namespace());
        assertThat(a.credentials().config().getClientKeyData()).isNull();
    }

    @Test
    void aLearnerWorksInTheirNamespace() {
        try (KubernetesClient learner = learner(a)) {
            learner.configMaps()
                    .inNamespace(a.namespace())
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("mine")
                            .endMetadata()
                            .addToData("k", "v")
                            .build())
                    .create();
            assertThat(learner.configMaps()
                            .inNamespace(a.namespace())
                            .withName("mine")
                            .get())
                    .isNotNull();
            Pod pod = learner.pods()
                    .inNamespace(a.namespace())
                    .resource(plainPod("web"))
                    .create();
            assertThat(pod.getSpec().getContainers().get(0).getResources().getLimits())
                    .as("LimitRange defaults admit a Pod without resources under the quota")
                    .containsKey("memory");
        }
    }

    @Test
    void learnersNeverSeeEachOthersObjects() {
        try (KubernetesClient learnerA = learner(a)) {
            assertForbidden(
                    () -> learnerA.configMaps().inNamespace(b.namespace()).list());
            assertForbidden(() -> learnerA.serviceAccounts()
                    .inNamespace(b.namespace())
                    .withName("learner")
                    .get());
            assertForbidden(() -> learnerA.configMaps()
                    .inNamespace(b.namespace())
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("intruder")
                            .endMetadata()
                            .build())
                    .create());
            assertForbidden(() -> learnerA.namespaces().list());
        }
    }

    @Test
    void aLearnerCannotLoosenTheFence() {
        try (KubernetesClient learner = learner(a)) {
            assertForbidden(() -> learner.resourceQuotas()
                    .inNamespace(a.namespace())
                    .withName(SandboxFence.QUOTA)
                    .delete());
            assertForbidden(() -> learner.namespaces().withName(a.namespace()).edit(n -> {
                n.getMetadata().getLabels().remove("pod-security.kubernetes.io/enforce");
                return n;
            }));
            assertForbidden(() -> learner.rbac()
                    .roleBindings()
                    .inNamespace(a.namespace())
                    .withName(SandboxFence.LEARNER_SERVICE_ACCOUNT)
                    .delete());
        }
    }

    @Test
    void podSecurityBaselineRefusesPrivilegedPodsAndHostPathVolumes() {
        Pod privileged = new PodBuilder(plainPod("privileged"))
                .editSpec()
                .editFirstContainer()
                .withNewSecurityContext()
                .withPrivileged(true)
                .endSecurityContext()
                .endContainer()
                .endSpec()
                .build();
        Pod hostPath = new PodBuilder(plainPod("hostpath"))
                .editSpec()
                .addNewVolume()
                .withName("host")
                .withNewHostPath()
                .withPath("/etc")
                .endHostPath()
                .endVolume()
                .editFirstContainer()
                .addNewVolumeMount()
                .withName("host")
                .withMountPath("/host")
                .endVolumeMount()
                .endContainer()
                .endSpec()
                .build();
        try (KubernetesClient learner = learner(a)) {
            assertThatThrownBy(() -> learner.pods()
                            .inNamespace(a.namespace())
                            .resource(privileged)
                            .create())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403))
                    .hasMessageContaining("violates PodSecurity \"baseline")
                    .hasMessageContaining("privileged");
            assertThatThrownBy(() -> learner.pods()
                            .inNamespace(a.namespace())
                            .resource(hostPath)
                            .create())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403))
                    .hasMessageContaining("hostPath");
        }
    }

    @Test
    void aPlainPodIsAdmittedWithRestrictedAdviceAsWarnings() {
        WarningCapture warnings = new WarningCapture();
        try (KubernetesClient learner = warnings.newClient(a.credentials().config())) {
            learner.pods()
                    .inNamespace(a.namespace())
                    .resource(plainPod("advised"))
                    .create();
        }
        assertThat(warnings.warnings())
                .anySatisfy(w -> assertThat(w)
                        .contains("would violate PodSecurity \"restricted:latest\"")
                        .contains("allowPrivilegeEscalation != false"));
    }

    static Pod plainPod(String name) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("app", name)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("registry.k8s.io/pause:3.10")
                .endContainer()
                .endSpec()
                .build();
    }

    private static void assertForbidden(Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).as(e.getMessage()).isEqualTo(403));
    }
}
