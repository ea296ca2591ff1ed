package io.kubeguide.sandbox.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded control plane behaves like a real cluster for what the course teaches. Real API server, no mock. */
class EmbeddedClusterIT {

    private static final Map<String, String> WEB = Map.of("app", "web", "tier", "frontend");

    static EmbeddedCluster cluster;
    static KubernetesClient admin;
    String ns;

    @BeforeAll
    static void startCluster() {
        cluster = SharedEmbeddedCluster.get();
        admin = cluster.adminClient();
    }

    @BeforeEach
    void namespace() {
        ns = "it-" + UUID.randomUUID().toString().substring(0, 8);
        admin.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(ns)
                        .endMetadata()
                        .build())
                .create();
    }

    @AfterEach
    void deleteNamespace() {
        admin.namespaces().withName(ns).delete();
    }

    private static Service frontendService(String name, Map<String, String> selector) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withSelector(selector)
                .addNewPort()
                .withPort(80)
                .withTargetPort(new IntOrString(8080))
                .endPort()
                .endSpec()
                .build();
    }

    @Test
    void serviceGetsAClusterIpInsideTheServiceRange() {
        admin.services()
                .inNamespace(ns)
                .resource(frontendService("frontend-service", WEB))
                .create();

        // Read back as kubectl would, through the admin kubeconfig the cluster hands out.
        try (KubernetesClient kubectl = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(cluster.adminKubeconfig()))
                .build()) {
            Service read = kubectl.services()
                    .inNamespace(ns)
                    .withName("frontend-service")
                    .get();
            assertThat(read.getSpec().getType()).isEqualTo("ClusterIP");
            assertThat(read.getSpec().getClusterIP()).matches("10\\.96\\.\\d{1,3}\\.\\d{1,3}");
            assertThat(read.getSpec().getPorts().get(0).getProtocol()).isEqualTo("TCP");
            assertThat(read.getSpec().getPorts().get(0).getTargetPort().getIntVal())
                    .isEqualTo(8080);
            assertThat(kubectl.services().inNamespace(ns).list().getItems())
                    .extracting(s -> s.getMetadata().getName())
                    .containsExactly("frontend-service");
        }
    }

    @Test
    void portOutOfRangeIsRejectedNamingTheField() {
        Service bad = new ServiceBuilder(frontendService("bad-port", WEB))
                .editSpec()
                .editFirstPort()
                .withPort(70000)
                .endPort()
                .endSpec()
                .build();

        assertThatThrownBy(() -> admin.services().inNamespace(ns).resource(bad).create())
                .isInstanceOfSatisfying(
                        KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isEqualTo(422))
                .hasMessageContaining("spec.ports[0].port");
    }

    @Test
    void deploymentPodsRunOnFakeNodesAndBecomeReadyEndpoints() {
        admin.services()
                .inNamespace(ns)
                .resource(frontendService("frontend-service", WEB))
                .create();
        admin.services()
                .inNamespace(ns)
                .resource(frontendService("nothing-service", Map.of("app", "nothing")))
                .create();
        Deployment web = new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withNewSelector()
                .withMatchLabels(WEB)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(WEB)
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx:1.27")
                .addNewPort()
                .withContainerPort(8080)
                .endPort()
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
        admin.apps().deployments().inNamespace(ns).resource(web).create();

        long created = System.nanoTime();
        awaitTrue(() -> readyPods(ns).size() == 3, Duration.ofSeconds(30));
        List<Pod> pods = readyPods(ns);
        assertThat(pods).hasSize(3).allSatisfy(p -> {
            assertThat(p.getStatus().getPhase()).isEqualTo("Running");
            assertThat(p.getStatus().getPodIP()).isNotBlank();
            assertThat(p.getSpec().getNodeName()).startsWith("kwok-node-");
        });
        // Pods and their endpoints together within 30 s of the Deployment's creation.
        awaitSlices(
                ns,
                "frontend-service",
                slices -> readyEndpoints(slices, 8080) == 3,
                Duration.ofSeconds(30).minusNanos(System.nanoTime() - created));

        admin.apps().deployments().inNamespace(ns).withName("web").scale(1);
        awaitSlices(
                ns,
                "frontend-service",
                slices -> readyEndpoints(slices, 8080) == 1 && endpoints(slices) == 1,
                Duration.ofSeconds(30));

        assertThat(readyEndpoints(slices(ns, "nothing-service"), 8080)).isZero();
        assertThat(endpoints(slices(ns, "nothing-service"))).isZero();
    }

    @Test
    void nodePortExternalNameAndStaticVolumeBinding() {
        Service nodePort = new ServiceBuilder(frontendService("web-nodeport", WEB))
                .editSpec()
                .withType("NodePort")
                .endSpec()
                .build();
        int port = admin.services()
                .inNamespace(ns)
                .resource(nodePort)
                .create()
                .getSpec()
                .getPorts()
                .get(0)
                .getNodePort();
        assertThat(port).isBetween(30000, 32767);

        Service externalName = new ServiceBuilder()
                .withNewMetadata()
                .withName("database")
                .endMetadata()
                .withNewSpec()
                .withType("ExternalName")
                .withExternalName("db.example.com")
                .endSpec()
                .build();
        admin.services().inNamespace(ns).resource(externalName).create();
        Service read = admin.services().inNamespace(ns).withName("database").get();
        assertThat(read.getSpec().getExternalName()).isEqualTo("db.example.com");
        assertThat(read.getSpec().getClusterIP()).isNull();

        String pvName = "pv-" + ns;
        admin.persistentVolumes()
                .resource(new PersistentVolumeBuilder()
                        .withNewMetadata()
                        .withName(pvName)
                        .endMetadata()
                        .withNewSpec()
                        .withCapacity(Map.of("storage", new Quantity("1Gi")))
                        .withAccessModes("ReadWriteOnce")
                        .withPersistentVolumeReclaimPolicy("Retain")
                        .withStorageClassName("manual")
                        .withNewHostPath()
                        .withPath("/data/" + ns)
                        .endHostPath()
                        .endSpec()
                        .build())
                .create();
        try {
            admin.persistentVolumeClaims()
                    .inNamespace(ns)
                    .resource(new PersistentVolumeClaimBuilder()
                            .withNewMetadata()
                            .withName("data")
                            .endMetadata()
                            .withNewSpec()
                            .withAccessModes("ReadWriteOnce")
                            .withStorageClassName("manual")
                            .withNewResources()
                            .withRequests(Map.of("storage", new Quantity("500Mi")))
                            .endResources()
                            .endSpec()
                            .build())
                    .create();
            PersistentVolumeClaim bound = admin.persistentVolumeClaims()
                    .inNamespace(ns)
                    .withName("data")
                    .waitUntilCondition(
                            c -> c != null && "Bound".equals(c.getStatus().getPhase()), 30, TimeUnit.SECONDS);
            assertThat(bound.getSpec().getVolumeName()).isEqualTo(pvName);
        } finally {
            admin.persistentVolumes().withName(pvName).delete();
        }
    }

    @Test
    void serviceAccountTokensWorkThroughClientConfigFor() {
        admin.serviceAccounts()
                .inNamespace(ns)
                .resource(new ServiceAccountBuilder()
                        .withNewMetadata()
                        .withName("learner")
                        .endMetadata()
                        .build())
                .create();
        String token = admin.serviceAccounts()
                .inNamespace(ns)
                .withName("learner")
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(600L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();

        try (KubernetesClient learner = new KubernetesClientBuilder()
                .withConfig(cluster.clientConfigFor(token))
                .build()) {
            assertThatThrownBy(() -> learner.services().inNamespace(ns).list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
            admin.rbac()
                    .roleBindings()
                    .inNamespace(ns)
                    .resource(new RoleBindingBuilder()
                            .withNewMetadata()
                            .withName("learner-edit")
                            .endMetadata()
                            .withNewRoleRef()
                            .withApiGroup("rbac.authorization.k8s.io")
                            .withKind("ClusterRole")
                            .withName("edit")
                            .endRoleRef()
                            .addNewSubject()
                            .withKind("ServiceAccount")
                            .withName("learner")
                            .withNamespace(ns)
                            .endSubject()
                            .build())
                    .create();
            awaitTrue(
                    () -> {
                        try {
                            learner.services().inNamespace(ns).list();
                            return true;
                        } catch (KubernetesClientException e) {
                            return false;
                        }
                    },
                    Duration.ofSeconds(10));
            assertThatThrownBy(() -> learner.services().inNamespace("default").list())
                    .isInstanceOfSatisfying(
                            KubernetesClientException.class,
                            e -> assertThat(e.getCode()).isEqualTo(403));
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private static List<Pod> readyPods(String ns) {
        return admin.pods().inNamespace(ns).withLabels(WEB).list().getItems().stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .filter(p -> p.getStatus() != null
                        && "Running".equals(p.getStatus().getPhase())
                        && p.getStatus().getConditions() != null
                        && p.getStatus().getConditions().stream()
                                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())))
                .toList();
    }

    private static List<EndpointSlice> slices(String ns, String service) {
        return admin.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(ns)
                .withLabel("kubernetes.io/service-name", service)
                .list()
                .getItems();
    }

    private static long readyEndpoints(List<EndpointSlice> slices, int port) {
        return slices.stream()
                .filter(s -> s.getPorts() != null
                        && s.getPorts().stream().anyMatch(p -> p.getPort() != null && p.getPort() == port))
                .flatMap(s -> s.getEndpoints() == null ? Stream.empty() : s.getEndpoints().stream())
                .filter(e -> e.getConditions() != null
                        && Boolean.TRUE.equals(e.getConditions().getReady()))
                .count();
    }

    private static long endpoints(List<EndpointSlice> slices) {
        return slices.stream()
                .mapToLong(s -> s.getEndpoints() == null ? 0 : s.getEndpoints().size())
                .sum();
    }

    private static void awaitSlices(
            String ns, String service, Predicate<List<EndpointSlice>> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<EndpointSlice> last = slices(ns, service);
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("EndpointSlices of " + service + " did not reach the expected state within "
                        + timeout.toSeconds() + " s: " + last);
            }
            sleep(200);
            last = slices(ns, service);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout.toSeconds() + " s");
            }
            sleep(200);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
