package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link SandboxService} on the real embedded control plane. */
class SandboxLifecycleIT {

    static final String SETUP = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              selector:
                matchLabels: {app: web, tier: frontend}
              template:
                metadata:
                  labels: {app: web, tier: frontend}
                spec:
                  containers:
                    - name: web
                      image: registry.k8s.io/pause:3.10
                      ports: [{containerPort: 8080}]
            ---
            apiVersion: v1
            kind: PersistentVolume
            metadata:
              name: data-{{namespace}}
            spec:
              capacity: {storage: 1Gi}
              accessModes: [ReadWriteOnce]
              persistentVolumeReclaimPolicy: Retain
              hostPath: {path: /tmp/data}
              claimRef: {namespace: "{{namespace}}", name: data}
            """;

    private SandboxService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.destroy();
        }
    }

    private SandboxService service(SandboxProperties properties) {
        service = new SandboxService(
                properties, SandboxProviders.of(SharedClusterConnection.provider(properties.instanceId())));
        return service;
    }

    private static KubernetesClient admin() {
        return SharedClusterConnection.admin();
    }

    private static void awaitGone(String namespace) {
        await().atMost(90, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> admin().namespaces().withName(namespace).get() == null);
    }

    @Test
    void idleExpiryDeletesTheNamespace() throws Exception {
        SandboxService sandboxes = service(SandboxProperties.defaults().withIdleTimeout(Duration.ofSeconds(1)));
        Sandbox sandbox = sandboxes.awaitReady(new SandboxRequest("idle", "x", ""), Duration.ofSeconds(60));
        assertThat(admin().namespaces().withName(sandbox.namespace()).get()).isNotNull();
        awaitGone(sandbox.namespace());
        SandboxStatus status = sandboxes.status("idle", "x");
        assertThat(status.state()).isEqualTo(SandboxState.NONE);
        assertThat(status.message()).contains("without activity");
    }

    @Test
    void theConcurrencyLimitQueuesLearnersWithTheirPlaceInLine() throws Exception {
        SandboxService sandboxes = service(SandboxProperties.defaults().withMaxConcurrent(2));
        sandboxes.awaitReady(new SandboxRequest("a", "x", ""), Duration.ofSeconds(60));
        sandboxes.awaitReady(new SandboxRequest("b", "x", ""), Duration.ofSeconds(60));
        SandboxStatus c = sandboxes.open(new SandboxRequest("c", "x", ""));
        SandboxStatus d = sandboxes.open(new SandboxRequest("d", "x", ""));
        assertThat(c.state()).isEqualTo(SandboxState.QUEUED);
        assertThat(c.placeInLine()).isEqualTo(1);
        assertThat(d.placeInLine()).isEqualTo(2);
        assertThat(d.message()).contains("All 2 sandboxes are in use").contains("number 2 in line");
        assertThat(d.expectedWait()).isPositive();
        assertThatThrownBy(() -> sandboxes.awaitReady(new SandboxRequest("c", "x", ""), Duration.ofMillis(100)))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("in line");

        sandboxes.open(new SandboxRequest("a", "other-exercise", "")); // a's sandbox goes, a queues behind d
        Sandbox forC = sandboxes.awaitReady(new SandboxRequest("c", "x", ""), Duration.ofSeconds(60));
        assertThat(forC.namespace()).startsWith("kg-");
        assertThat(sandboxes.status("d", "x").placeInLine()).isEqualTo(1);
        assertThat(sandboxes.status("a", "other-exercise").placeInLine()).isEqualTo(2);
    }

    @Test
    void aDeadSandboxIsReplacedAndTheLearnerToldSo() throws Exception {
        SandboxService sandboxes = service(SandboxProperties.defaults());
        SandboxRequest request = new SandboxRequest("dies", "x", "");
        Sandbox first = sandboxes.awaitReady(request, Duration.ofSeconds(60));
        admin().namespaces().withName(first.namespace()).delete();
        Sandbox fresh = sandboxes.awaitReady(request, Duration.ofSeconds(60));
        assertThat(fresh.namespace()).isNotEqualTo(first.namespace());
        assertThat(sandboxes.status("dies", "x").notice())
                .contains("stopped answering")
                .contains("fresh one");
        assertThat(admin().namespaces()
                        .withName(fresh.namespace())
                        .get()
                        .getMetadata()
                        .getDeletionTimestamp())
                .isNull();
    }

    @Test
    void resetGivesAFreshNamespaceWithSetupAppliedAgain() throws Exception {
        SandboxService sandboxes = service(SandboxProperties.defaults());
        SandboxRequest request = new SandboxRequest("resets", "services-clusterip", SETUP);
        Sandbox first = sandboxes.awaitReady(request, Duration.ofSeconds(120));
        assertSetupReady(first);
        PersistentVolume pv = admin().persistentVolumes()
                .withName("data-" + first.namespace())
                .get();
        assertThat(pv.getMetadata().getLabels())
                .containsEntry(
                        SandboxLabels.SANDBOX,
                        admin().namespaces()
                                .withName(first.namespace())
                                .get()
                                .getMetadata()
                                .getLabels()
                                .get(SandboxLabels.SANDBOX));
        assertThat(pv.getSpec().getClaimRef().getNamespace()).isEqualTo(first.namespace());
        try (KubernetesClient learner =
                new KubernetesClientBuilder().withConfig(first.learnerConfig()).build()) {
            learner.configMaps()
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("learner-work")
                            .endMetadata()
                            .build())
                    .create();
        }

        SandboxStatus status = sandboxes.reset(request);
        assertThat(status.state()).isIn(SandboxState.PREPARING, SandboxState.READY);
        Sandbox fresh = sandboxes.awaitReady(request, Duration.ofSeconds(120));
        assertThat(fresh.namespace()).isNotEqualTo(first.namespace());
        assertSetupReady(fresh);
        assertThat(fresh.adminClient()
                        .configMaps()
                        .inNamespace(fresh.namespace())
                        .withName("learner-work")
                        .get())
                .isNull();
        awaitGone(first.namespace());
        assertThat(admin().persistentVolumes()
                        .withName("data-" + first.namespace())
                        .get())
                .as("cluster-scoped setup objects go with their sandbox")
                .isNull();
    }

    @Test
    void shutdownDeletesThisInstancesSandboxes() throws Exception {
        SandboxService sandboxes = service(SandboxProperties.defaults());
        String ns1 = sandboxes
                .awaitReady(new SandboxRequest("s1", "x", ""), Duration.ofSeconds(60))
                .namespace();
        String ns2 = sandboxes
                .awaitReady(new SandboxRequest("s2", "x", ""), Duration.ofSeconds(60))
                .namespace();
        sandboxes.destroy();
        for (String ns : new String[] {ns1, ns2}) {
            Namespace namespace = admin().namespaces().withName(ns).get();
            assertThat(namespace == null || namespace.getMetadata().getDeletionTimestamp() != null)
                    .as("namespace %s deleted", ns)
                    .isTrue();
        }
    }

    private static void assertSetupReady(Sandbox sandbox) {
        Deployment web = sandbox.adminClient()
                .apps()
                .deployments()
                .inNamespace(sandbox.namespace())
                .withName("web")
                .get();
        assertThat(web.getStatus().getAvailableReplicas()).isEqualTo(3);
    }
}
