package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClass;
import io.fabric8.kubernetes.api.model.node.v1.RuntimeClassBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.kubeguide.sandbox.embedded.SharedEmbeddedCluster;
import io.kubeguide.sandbox.provider.KubeconfigClusterConnection;
import io.kubeguide.sandbox.provider.NamespaceSandboxProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hostile learner who holds their sandbox's own token (say, carried out of a Pod) and talks to the API server
 * directly, never through the guide's validator. On the {@code embedded} provider and on the {@code cluster} provider
 * (the same control plane reached through a kubeconfig file, as an operator configures it, which installs the fence's
 * admission policies by itself), every attack is refused by the API server, in words, and the test names what refused
 * it. The table of refusals is written to {@code target/hostile-learner/refusals.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileLearnerIT {

    private static final Logger log = LoggerFactory.getLogger(HostileLearnerIT.class);
    private static final String ALLOWED = "registry.k8s.io/pause:3.10";
    private static final Path WORK = Path.of("target", "hostile-learner").toAbsolutePath();
    /** A RuntimeClass that exists (as an operator's might), so that naming it is refused by the fence. */
    private static final String RUNTIME_CLASS = "hostile-learner-it";

    enum Stopper {
        ADMISSION_POLICY,
        POD_SECURITY,
        RBAC,
        QUOTA
    }

    /** One provider's sandboxes: the attacker's, a neighbour's, and one of an exercise that needs NodePort. */
    record Setting(
            String provider,
            NamespaceSandboxProvider sandboxes,
            ProvisionedSandbox own,
            ProvisionedSandbox neighbour,
            ProvisionedSandbox nodePortExercise) {
        @Override
        public String toString() {
            return provider;
        }
    }

    record Refusal(String attack, String provider, Stopper by, String message) {}

    private final List<Setting> settings = new ArrayList<>();
    private final List<Refusal> refusals = new ArrayList<>();

    @BeforeAll
    void twoProviders() throws IOException {
        KubernetesClient admin = SharedClusterConnection.admin();
        admin.resource(new RuntimeClassBuilder()
                        .withNewMetadata()
                        .withName(RUNTIME_CLASS)
                        .endMetadata()
                        .withHandler("runc")
                        .build())
                .fieldManager("hostile-learner-it")
                .forceConflicts()
                .serverSideApply();
        // the cluster provider must install the admission policies itself: start it on a cluster without them
        for (HasMetadata policy : FenceManifests.admissionPolicies()) {
            admin.resource(policy).delete();
        }
        Files.createDirectories(WORK);
        Path kubeconfig = WORK.resolve("kubeconfig.yaml");
        Files.writeString(kubeconfig, SharedEmbeddedCluster.get().adminKubeconfig());
        String clusterInstance = SandboxIdentity.randomInstanceId();
        NamespaceSandboxProvider cluster = new NamespaceSandboxProvider(
                "cluster",
                new KubeconfigClusterConnection(kubeconfig),
                clusterInstance,
                Duration.ofMinutes(2),
                SandboxFenceProperties.DEFAULT_ALLOWED_IMAGES);
        try {
            cluster.start();
        } finally {
            SandboxAdmissionPolicy.install(admin); // never leave the shared cluster without them
        }
        settings.add(setting("cluster", cluster, clusterInstance));
        String embeddedInstance = SandboxIdentity.randomInstanceId();
        NamespaceSandboxProvider embedded = SharedClusterConnection.provider(embeddedInstance);
        embedded.start();
        settings.add(setting("embedded", embedded, embeddedInstance));
    }

    private static Setting setting(String name, NamespaceSandboxProvider provider, String instance) {
        return new Setting(
                name,
                provider,
                provider.provision(SandboxIdentity.next(instance)),
                provider.provision(SandboxIdentity.next(instance)),
                provider.provision(SandboxIdentity.next(instance, Set.of("NodePort"))));
    }

    @AfterAll
    void releaseAndReport() throws IOException {
        SharedClusterConnection.admin()
                .resources(RuntimeClass.class)
                .withName(RUNTIME_CLASS)
                .delete();
        for (Setting s : settings) {
            s.sandboxes().release(s.own());
            s.sandboxes().release(s.neighbour());
            s.sandboxes().release(s.nodePortExercise());
            s.sandboxes().close();
        }
        StringBuilder table = new StringBuilder(
                "| attack | provider | stopped by | what the learner reads |\n" + "| --- | --- | --- | --- |\n");
        refusals.stream()
                .sorted(Comparator.comparing(Refusal::attack).thenComparing(Refusal::provider))
                .forEach(r -> table.append("| ")
                        .append(r.attack())
                        .append(" | ")
                        .append(r.provider())
                        .append(" | ")
                        .append(r.by())
                        .append(" | ")
                        .append(r.message().replace("|", "\\|"))
                        .append(" |\n"));
        Files.writeString(WORK.resolve("refusals.md"), table);
        log.info("Refusals:\n{}", table);
    }

    List<Setting> settings() {
        return settings;
    }

    // ---- what the fence still allows ----------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("settings")
    void aWellBehavedLearnerStillWorks(Setting s) {
        try (KubernetesClient learner = learner(s.own())) {
            String ns = s.own().namespace();
            learner.pods()
                    .inNamespace(ns)
                    .resource(pod("plain", new PodSpecBuilder(podSpec()).build()))
                    .create();
            learner.apps()
                    .deployments()
                    .inNamespace(ns)
                    .resource(deployment("web", podSpec()))
                    .create();
            learner.configMaps()
                    .inNamespace(ns)
                    .resource(new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("notes")
                            .endMetadata()
                            .addToData("k", "v")
                            .build())
                    .create();
            learner.services()
                    .inNamespace(ns)
                    .resource(service("web", "ClusterIP"))
                    .create();
            assertThat(learner.discovery().v1().endpointSlices().inNamespace(ns).list())
                    .isNotNull();
            assertThat(learner.v1().events().inNamespace(ns).list()).isNotNull();
        }
        // the Deployment's Pods are admitted, scheduled and Running too (the API server's default tolerations, the
        // LimitRange's ephemeral storage, ServiceAccount default), and none carries a ServiceAccount token
        KubernetesClient admin = s.own().adminClient();
        admin.apps()
                .deployments()
                .inNamespace(s.own().namespace())
                .withName("web")
                .waitUntilCondition(
                        d -> d != null
                                && d.getStatus() != null
                                && Integer.valueOf(1).equals(d.getStatus().getAvailableReplicas()),
                        60,
                        TimeUnit.SECONDS);
        for (Pod p : admin.pods().inNamespace(s.own().namespace()).list().getItems()) {
            assertThat(p.getSpec().getServiceAccountName()).isEqualTo("default");
            assertThat(p.getSpec().getVolumes())
                    .as("no token volume in " + p.getMetadata().getName())
                    .noneMatch(v -> v.getProjected() != null);
        }
    }

    @ParameterizedTest
    @MethodSource("settings")
    void nodePortIsAllowedWhereTheExerciseNeedsIt(Setting s) {
        try (KubernetesClient learner = learner(s.nodePortExercise())) {
            Service created = learner.services()
                    .inNamespace(s.nodePortExercise().namespace())
                    .resource(service("door", "NodePort"))
                    .create();
            assertThat(created.getSpec().getPorts().get(0).getNodePort()).isBetween(30000, 32767);
            refused(
                    s,
                    "LoadBalancer Service in an exercise that needs only NodePort",
                    Stopper.ADMISSION_POLICY,
                    () -> learner.services()
                            .inNamespace(s.nodePortExercise().namespace())
                            .resource(service("lb", "LoadBalancer"))
                            .create(),
                    "type: LoadBalancer is not allowed in this exercise");
        }
    }

    // ---- Pods that would reach the node -------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("settings")
    void podsThatReachTheNodeAreRefused(Setting s) {
        PodSpec privileged = new PodSpecBuilder(podSpec())
                .editFirstContainer()
                .withNewSecurityContext()
                .withPrivileged(true)
                .endSecurityContext()
                .endContainer()
                .build();
        createPod(s, "privileged Pod", Stopper.POD_SECURITY, privileged, "violates PodSecurity", "privileged");
        createDeployment(
                s,
                "privileged container in a Deployment template",
                Stopper.ADMISSION_POLICY,
                privileged,
                "privileged: true is not allowed here");

        PodSpec hostPath = new PodSpecBuilder(podSpec())
                .addNewVolume()
                .withName("host")
                .withNewHostPath()
                .withPath("/")
                .endHostPath()
                .endVolume()
                .build();
        createPod(s, "hostPath volume", Stopper.POD_SECURITY, hostPath, "violates PodSecurity", "hostPath");
        createDeployment(
                s,
                "hostPath volume in a Deployment template",
                Stopper.ADMISSION_POLICY,
                hostPath,
                "volume host: hostPath is not allowed here");

        createPod(
                s,
                "nfs volume (the node mounts any server)",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .addNewVolume()
                        .withName("share")
                        .withNewNfs()
                        .withServer("10.0.0.1")
                        .withPath("/")
                        .endNfs()
                        .endVolume()
                        .build(),
                "volume share: this type of volume is not allowed here");
        createPod(
                s,
                "image volume (pulls any image)",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .addNewVolume()
                        .withName("tools")
                        .withNewImage()
                        .withReference("busybox:1.36")
                        .endImage()
                        .endVolume()
                        .build(),
                "volume tools: this type of volume is not allowed here");
        createPod(
                s,
                "priorityClassName system-cluster-critical (preempts others)",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .withPriorityClassName("system-cluster-critical")
                        .build(),
                "priorityClassName: system-cluster-critical is not allowed here");
        createPod(
                s,
                "runtimeClassName",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .withRuntimeClassName(RUNTIME_CLASS)
                        .build(),
                "runtimeClassName is not allowed here");
        createPod(
                s,
                "hostNetwork",
                Stopper.POD_SECURITY,
                new PodSpecBuilder(podSpec()).withHostNetwork(true).build(),
                "hostNetwork=true");
        createDeployment(
                s,
                "hostNetwork in a Deployment template",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec()).withHostNetwork(true).build(),
                "hostNetwork: true is not allowed here");
        createPod(
                s,
                "hostPID",
                Stopper.POD_SECURITY,
                new PodSpecBuilder(podSpec()).withHostPID(true).build(),
                "hostPID=true");
        createDeployment(
                s,
                "hostIPC in a Deployment template",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec()).withHostIPC(true).build(),
                "hostIPC: true is not allowed here");

        PodSpec hostPort = new PodSpecBuilder(podSpec())
                .editFirstContainer()
                .addNewPort()
                .withContainerPort(8080)
                .withHostPort(80)
                .endPort()
                .endContainer()
                .build();
        createPod(s, "host port", Stopper.POD_SECURITY, hostPort, "hostPort");
        createDeployment(
                s,
                "host port in a Deployment template",
                Stopper.ADMISSION_POLICY,
                hostPort,
                "hostPort is not allowed here");

        createPod(
                s,
                "nodeName",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec()).withNodeName("kwok-node-0").build(),
                "nodeName is not allowed here");
        createPod(
                s,
                "tolerations",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .addNewToleration()
                        .withOperator("Exists")
                        .endToleration()
                        .build(),
                "tolerations are not allowed here");
        createDeployment(
                s,
                "tolerations in a Deployment template",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .addNewToleration()
                        .withKey("node-role.kubernetes.io/control-plane")
                        .withOperator("Exists")
                        .withEffect("NoSchedule")
                        .endToleration()
                        .build(),
                "tolerations are not allowed here");
    }

    // ---- tokens -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("settings")
    void noPodCarriesAToken(Setting s) {
        createPod(
                s,
                "Pod with serviceAccountName: learner and automountServiceAccountToken: true",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .withServiceAccountName("learner")
                        .withAutomountServiceAccountToken(true)
                        .build(),
                "serviceAccountName: learner is not allowed here");
        createPod(
                s,
                "Pod with automountServiceAccountToken: true",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .withAutomountServiceAccountToken(true)
                        .build(),
                "automountServiceAccountToken: true is not allowed here");
        createDeployment(
                s,
                "Deployment template with serviceAccountName: learner",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec()).withServiceAccountName("learner").build(),
                "serviceAccountName: learner is not allowed here");
        createPod(
                s,
                "projected serviceAccountToken volume",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .addNewVolume()
                        .withName("token")
                        .withNewProjected()
                        .addNewSource()
                        .withNewServiceAccountToken()
                        .withPath("token")
                        .endServiceAccountToken()
                        .endSource()
                        .endProjected()
                        .endVolume()
                        .build(),
                "a serviceAccountToken volume is not allowed here");
        try (KubernetesClient learner = learner(s.own())) {
            String ns = s.own().namespace();
            refused(
                    s,
                    "serviceaccounts/token (mint a token)",
                    Stopper.RBAC,
                    () -> learner.serviceAccounts()
                            .inNamespace(ns)
                            .withName(SandboxFence.LEARNER_SERVICE_ACCOUNT)
                            .tokenRequest(new TokenRequestBuilder()
                                    .withNewSpec()
                                    .endSpec()
                                    .build()),
                    "cannot create resource \"serviceaccounts/token\"");
            refused(
                    s,
                    "Secret of type service-account-token",
                    Stopper.RBAC,
                    () -> learner.secrets()
                            .inNamespace(ns)
                            .resource(new SecretBuilder()
                                    .withNewMetadata()
                                    .withName("forever")
                                    .addToAnnotations("kubernetes.io/service-account.name", "learner")
                                    .endMetadata()
                                    .withType("kubernetes.io/service-account-token")
                                    .build())
                            .create(),
                    "cannot create resource \"secrets\"");
            refused(
                    s,
                    "listing secrets",
                    Stopper.RBAC,
                    () -> learner.secrets().inNamespace(ns).list(),
                    "cannot list resource \"secrets\"");
        }
    }

    // ---- images -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("settings")
    void onlyAllowedImagesRun(Setting s) {
        createPod(
                s,
                "image outside the allow-list",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .editFirstContainer()
                        .withImage("nginx:1.27")
                        .endContainer()
                        .build(),
                "image nginx:1.27 is not allowed here: use " + ALLOWED);
        createPod(
                s,
                "init container image outside the allow-list",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .addNewInitContainer()
                        .withName("init")
                        .withImage("busybox:1.36")
                        .endInitContainer()
                        .build(),
                "image busybox:1.36 is not allowed here");
        createDeployment(
                s,
                "image outside the allow-list in a Deployment template",
                Stopper.ADMISSION_POLICY,
                new PodSpecBuilder(podSpec())
                        .editFirstContainer()
                        .withImage("alpine:3")
                        .endContainer()
                        .build(),
                "image alpine:3 is not allowed here: use " + ALLOWED);
        try (KubernetesClient learner = learner(s.own())) {
            String ns = s.own().namespace();
            refused(
                    s,
                    "image outside the allow-list in a StatefulSet template",
                    Stopper.ADMISSION_POLICY,
                    () -> learner.apps()
                            .statefulSets()
                            .inNamespace(ns)
                            .resource(new StatefulSetBuilder()
                                    .withNewMetadata()
                                    .withName("db")
                                    .endMetadata()
                                    .withNewSpec()
                                    .withServiceName("db")
                                    .withNewSelector()
                                    .addToMatchLabels("app", "db")
                                    .endSelector()
                                    .withNewTemplate()
                                    .withNewMetadata()
                                    .addToLabels("app", "db")
                                    .endMetadata()
                                    .withSpec(new PodSpecBuilder(podSpec())
                                            .editFirstContainer()
                                            .withImage("postgres:16")
                                            .endContainer()
                                            .build())
                                    .endTemplate()
                                    .endSpec()
                                    .build())
                            .create(),
                    "image postgres:16 is not allowed here");
            // an image changed on a running Pod (the one Pod field that may change)
            String name = "swap-" + s.provider();
            learner.pods().inNamespace(ns).resource(pod(name, podSpec())).create();
            refused(
                    s,
                    "image swapped on a running Pod",
                    Stopper.ADMISSION_POLICY,
                    () -> learner.pods().inNamespace(ns).withName(name).edit(p -> {
                        p.getSpec().getContainers().get(0).setImage("nginx:1.27");
                        return p;
                    }),
                    "image nginx:1.27 is not allowed here");
            refused(
                    s,
                    "ephemeral debug container",
                    Stopper.RBAC,
                    () -> learner.pods()
                            .inNamespace(ns)
                            .withName(name)
                            .ephemeralContainers()
                            .edit(p -> {
                                p.getSpec()
                                        .getEphemeralContainers()
                                        .add(new EphemeralContainerBuilder()
                                                .withName("debug")
                                                .withImage("busybox:1.36")
                                                .build());
                                return p;
                            }),
                    "cannot patch resource \"pods/ephemeralcontainers\"");
        }
        // kinds the learner's Role does not grant at all are covered by the policy as well (admin, dry run)
        KubernetesClient admin = s.own().adminClient();
        String ns = s.own().namespace();
        PodSpec nginx = new PodSpecBuilder(podSpec())
                .editFirstContainer()
                .withImage("nginx:1.27")
                .endContainer()
                .withRestartPolicy("Never")
                .build();
        refused(
                s,
                "image outside the allow-list in a Job template (as admin, dry run)",
                Stopper.ADMISSION_POLICY,
                () -> admin.batch()
                        .v1()
                        .jobs()
                        .inNamespace(ns)
                        .resource(new JobBuilder()
                                .withNewMetadata()
                                .withName("job")
                                .endMetadata()
                                .withNewSpec()
                                .withNewTemplate()
                                .withSpec(nginx)
                                .endTemplate()
                                .endSpec()
                                .build())
                        .dryRun()
                        .create(),
                "image nginx:1.27 is not allowed here");
        refused(
                s,
                "image outside the allow-list in a CronJob template (as admin, dry run)",
                Stopper.ADMISSION_POLICY,
                () -> admin.batch()
                        .v1()
                        .cronjobs()
                        .inNamespace(ns)
                        .resource(new CronJobBuilder()
                                .withNewMetadata()
                                .withName("cron")
                                .endMetadata()
                                .withNewSpec()
                                .withSchedule("* * * * *")
                                .withNewJobTemplate()
                                .withNewSpec()
                                .withNewTemplate()
                                .withSpec(nginx)
                                .endTemplate()
                                .endSpec()
                                .endJobTemplate()
                                .endSpec()
                                .build())
                        .dryRun()
                        .create(),
                "image nginx:1.27 is not allowed here");
    }

    // ---- Services -----------------------------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("settings")
    void servicesCannotReachOutOrOpenNodePorts(Setting s) {
        try (KubernetesClient learner = learner(s.own())) {
            String ns = s.own().namespace();
            refused(
                    s,
                    "externalIPs Service (CVE-2020-8554)",
                    Stopper.ADMISSION_POLICY,
                    () -> learner.services()
                            .inNamespace(ns)
                            .resource(new ServiceBuilder(service("mitm", "ClusterIP"))
                                    .editSpec()
                                    .withExternalIPs("10.0.0.10")
                                    .endSpec()
                                    .build())
                            .create(),
                    "externalIPs is not allowed here");
            refused(
                    s,
                    "NodePort in an exercise that does not need it",
                    Stopper.ADMISSION_POLICY,
                    () -> learner.services()
                            .inNamespace(ns)
                            .resource(service("door", "NodePort"))
                            .create(),
                    "type: NodePort is not allowed in this exercise: a Service here may be ClusterIP, ExternalName");
            refused(
                    s,
                    "LoadBalancer in an exercise that does not need it",
                    Stopper.ADMISSION_POLICY,
                    () -> learner.services()
                            .inNamespace(ns)
                            .resource(service("lb", "LoadBalancer"))
                            .create(),
                    "type: LoadBalancer is not allowed in this exercise");
            refused(
                    s,
                    "EndpointSlice pointing a Service elsewhere",
                    Stopper.RBAC,
                    () -> learner.discovery()
                            .v1()
                            .endpointSlices()
                            .inNamespace(ns)
                            .resource(new EndpointSliceBuilder()
                                    .withNewMetadata()
                                    .withName("hijack")
                                    .addToLabels("kubernetes.io/service-name", "web")
                                    .endMetadata()
                                    .withAddressType("IPv4")
                                    .addNewEndpoint()
                                    .withAddresses("10.0.0.1")
                                    .endEndpoint()
                                    .build())
                            .create(),
                    "cannot create resource \"endpointslices\"");
        }
    }

    /** Where an exercise's setup grants EndpointSlices, they may point only at addresses that route nowhere. */
    @ParameterizedTest
    @MethodSource("settings")
    void grantedEndpointSlicesPointOnlyAtDocumentationAddresses(Setting s) throws Exception {
        String ns = s.own().namespace();
        KubernetesClient admin = s.own().adminClient();
        var role = new RoleBuilder()
                .withNewMetadata()
                .withName("write-endpointslices")
                .endMetadata()
                .addNewRule()
                .withApiGroups("discovery.k8s.io")
                .withResources("endpointslices")
                .withVerbs("create", "get", "delete")
                .endRule()
                .build();
        var binding = new RoleBindingBuilder()
                .withNewMetadata()
                .withName("learner-writes-endpointslices")
                .endMetadata()
                .withNewRoleRef("rbac.authorization.k8s.io", "Role", "write-endpointslices")
                .addNewSubject()
                .withKind("ServiceAccount")
                .withName(SandboxFence.LEARNER_SERVICE_ACCOUNT)
                .withNamespace(ns)
                .endSubject()
                .build();
        admin.resource(role).inNamespace(ns).create();
        admin.resource(binding).inNamespace(ns).create();
        try (KubernetesClient learner = learner(s.own())) {
            var slices = learner.discovery().v1().endpointSlices().inNamespace(ns);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (true) { // the Role takes effect within moments; the documentation address is allowed then
                try {
                    slices.resource(slice("outside-db", "192.0.2.34")).create();
                    break;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 403 || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
            refused(
                    s,
                    "EndpointSlice to a cluster address, where the exercise grants EndpointSlices",
                    Stopper.ADMISSION_POLICY,
                    () -> slices.resource(slice("hijack", "10.96.0.1")).create(),
                    "this endpoint address is not allowed here");
        } finally {
            admin.resource(binding).inNamespace(ns).delete();
            admin.resource(role).inNamespace(ns).delete();
            admin.discovery()
                    .v1()
                    .endpointSlices()
                    .inNamespace(ns)
                    .withName("outside-db")
                    .delete();
        }
    }

    private static EndpointSlice slice(String name, String address) {
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(name)
                .addToLabels("kubernetes.io/service-name", "orders-db")
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withName("postgres")
                .withPort(5432)
                .endPort()
                .addNewEndpoint()
                .withAddresses(address)
                .endEndpoint()
                .build();
    }

    // ---- the API beyond the exercise ----------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("settings")
    void theTokenOpensNothingElse(Setting s) {
        String ns = s.own().namespace();
        try (KubernetesClient learner = learner(s.own())) {
            learner.pods().inNamespace(ns).resource(pod("target", podSpec())).create();
            refused(
                    s,
                    "pods/exec",
                    Stopper.RBAC,
                    () -> rawPost(learner, "/api/v1/namespaces/" + ns + "/pods/target/exec?command=sh&stdout=true"),
                    "cannot create resource \"pods/exec\"");
            refused(
                    s,
                    "pods/attach",
                    Stopper.RBAC,
                    () -> rawPost(learner, "/api/v1/namespaces/" + ns + "/pods/target/attach?stdout=true"),
                    "cannot create resource \"pods/attach\"");
            refused(
                    s,
                    "pods/portforward",
                    Stopper.RBAC,
                    () -> rawPost(learner, "/api/v1/namespaces/" + ns + "/pods/target/portforward?ports=80"),
                    "cannot create resource \"pods/portforward\"");
            refused(
                    s,
                    "pods/proxy (the API server as a proxy into the Pod network)",
                    Stopper.RBAC,
                    () -> rawPost(learner, "/api/v1/namespaces/" + ns + "/pods/target/proxy/"),
                    "cannot create resource \"pods/proxy\"");
            refused(
                    s,
                    "nodes/proxy (the kubelet's API)",
                    Stopper.RBAC,
                    () -> rawPost(learner, "/api/v1/nodes/kwok-node-0/proxy/pods"),
                    "cannot create resource \"nodes/proxy\"");
            learner.services()
                    .inNamespace(ns)
                    .resource(service("status", "ClusterIP"))
                    .create();
            refused(
                    s,
                    "a Service's status.loadBalancer (CVE-2020-8554, second way)",
                    Stopper.RBAC,
                    () -> learner.services().inNamespace(ns).withName("status").editStatus(svc -> {
                        svc.setStatus(new ServiceStatusBuilder()
                                .withNewLoadBalancer()
                                .addNewIngress()
                                .withIp("10.0.0.10")
                                .endIngress()
                                .endLoadBalancer()
                                .build());
                        return svc;
                    }),
                    "cannot patch resource \"services/status\"");
            refused(
                    s,
                    "a RoleBinding to cluster-admin",
                    Stopper.RBAC,
                    () -> learner.rbac()
                            .roleBindings()
                            .inNamespace(ns)
                            .resource(new RoleBindingBuilder()
                                    .withNewMetadata()
                                    .withName("root")
                                    .endMetadata()
                                    .withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "cluster-admin")
                                    .addNewSubject()
                                    .withKind("ServiceAccount")
                                    .withName("learner")
                                    .withNamespace(ns)
                                    .endSubject()
                                    .build())
                            .create(),
                    "cannot create resource \"rolebindings\"");
            refused(
                    s,
                    "deleting the NetworkPolicy",
                    Stopper.RBAC,
                    () -> learner.network()
                            .v1()
                            .networkPolicies()
                            .inNamespace(ns)
                            .withName("kubeguide-sandbox-isolation")
                            .delete(),
                    "cannot delete resource \"networkpolicies\"");
            refused(
                    s,
                    "allowing itself more images (namespace annotation)",
                    Stopper.RBAC,
                    () -> learner.namespaces().withName(ns).edit(n -> {
                        n.getMetadata().getAnnotations().put(SandboxLabels.ALLOWED_IMAGES, "nginx:1.27");
                        return n;
                    }),
                    "cannot get resource \"namespaces\"");
            String other = s.neighbour().namespace();
            refused(
                    s,
                    "reading another sandbox",
                    Stopper.RBAC,
                    () -> learner.pods().inNamespace(other).list(),
                    "cannot list resource \"pods\"",
                    "in the namespace \"" + other + "\"");
            refused(
                    s,
                    "writing into another sandbox",
                    Stopper.RBAC,
                    () -> learner.configMaps()
                            .inNamespace(other)
                            .resource(new ConfigMapBuilder()
                                    .withNewMetadata()
                                    .withName("intruder")
                                    .endMetadata()
                                    .build())
                            .create(),
                    "cannot create resource \"configmaps\"");
        }
        try (KubernetesClient impersonating = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(s.own().credentials().config())
                        .withImpersonateUsername("system:admin")
                        .build())
                .build()) {
            refused(
                    s,
                    "impersonating an admin",
                    Stopper.RBAC,
                    () -> impersonating.pods().inNamespace(ns).list(),
                    "cannot impersonate");
        }
    }

    @ParameterizedTest
    @MethodSource("settings")
    void theQuotaCountsDeployments(Setting s) {
        String ns = s.neighbour().namespace();
        try (KubernetesClient learner = learner(s.neighbour())) {
            int limit = Integer.parseInt(SandboxFence.QUOTA_HARD.get("count/deployments.apps"));
            for (int i = 0; i < limit; i++) {
                learner.apps()
                        .deployments()
                        .inNamespace(ns)
                        .resource(new DeploymentBuilder(deployment("d" + i, podSpec()))
                                .editSpec()
                                .withReplicas(0)
                                .endSpec()
                                .build())
                        .create();
            }
            refused(
                    s,
                    "one Deployment more than the quota",
                    Stopper.QUOTA,
                    () -> learner.apps()
                            .deployments()
                            .inNamespace(ns)
                            .resource(new DeploymentBuilder(deployment("one-too-many", podSpec()))
                                    .editSpec()
                                    .withReplicas(0)
                                    .endSpec()
                                    .build())
                            .create(),
                    "exceeded quota: sandbox-quota",
                    "count/deployments.apps");
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void createPod(Setting s, String attack, Stopper by, PodSpec spec, String... words) {
        try (KubernetesClient learner = learner(s.own())) {
            refused(
                    s,
                    attack,
                    by,
                    () -> learner.pods()
                            .inNamespace(s.own().namespace())
                            .resource(pod("attack", spec))
                            .create(),
                    words);
        }
    }

    private void createDeployment(Setting s, String attack, Stopper by, PodSpec spec, String... words) {
        try (KubernetesClient learner = learner(s.own())) {
            refused(
                    s,
                    attack,
                    by,
                    () -> learner.apps()
                            .deployments()
                            .inNamespace(s.own().namespace())
                            .resource(deployment("attack", spec))
                            .create(),
                    words);
        }
    }

    private synchronized void refused(Setting s, String attack, Stopper by, ThrowingCallable call, String... words) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as(attack + " on " + s + " must be refused").isInstanceOf(KubernetesClientException.class);
        KubernetesClientException e = (KubernetesClientException) thrown;
        String message = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage()
                : e.getMessage();
        assertThat(e.getCode()).as(attack + ": " + message).isEqualTo(403);
        assertThat(stopper(message)).as(attack + ": " + message).isEqualTo(by);
        assertThat(message).as(attack).contains(words);
        refusals.add(new Refusal(attack, s.provider(), by, message));
    }

    private static Stopper stopper(String message) {
        if (message.contains("ValidatingAdmissionPolicy 'kubeguide-sandbox-")) {
            return Stopper.ADMISSION_POLICY;
        }
        if (message.contains("violates PodSecurity")) {
            return Stopper.POD_SECURITY;
        }
        if (message.contains("exceeded quota")) {
            return Stopper.QUOTA;
        }
        if (message.contains("User \"system:serviceaccount:") && message.contains(" cannot ")) {
            return Stopper.RBAC;
        }
        return null;
    }

    /** A POST the typed client has no method for, with the learner's token; an error answer is thrown. */
    private static void rawPost(KubernetesClient learner, String path) throws Exception {
        HttpClient http = learner.getHttpClient();
        String base = learner.getConfiguration().getMasterUrl().replaceAll("/$", "");
        HttpResponse<String> response = http.sendAsync(
                        http.newHttpRequestBuilder()
                                .uri(base + path)
                                .post("application/json", "")
                                .build(),
                        String.class)
                .get(30, TimeUnit.SECONDS);
        if (response.code() >= 400) {
            Status status = learner.getKubernetesSerialization().unmarshal(response.body(), Status.class);
            throw new KubernetesClientException(status);
        }
    }

    private static KubernetesClient learner(ProvisionedSandbox sandbox) {
        return new KubernetesClientBuilder()
                .withConfig(sandbox.credentials().config())
                .build();
    }

    private static PodSpec podSpec() {
        return new PodSpecBuilder()
                .addNewContainer()
                .withName("app")
                .withImage(ALLOWED)
                .endContainer()
                .build();
    }

    private static Pod pod(String name, PodSpec spec) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    private static Deployment deployment(String name, PodSpec spec) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", name)
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", name)
                .endMetadata()
                .withSpec(spec)
                .endTemplate()
                .endSpec()
                .build();
    }

    private static Service service(String name, String type) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withType(type)
                .withSelector(Map.of("app", "web"))
                .addNewPort()
                .withPort(80)
                .endPort()
                .endSpec()
                .build();
    }
}
