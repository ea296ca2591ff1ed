package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.content.ClasspathContentSource;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.sandbox.Sandbox;
import io.kubeguide.sandbox.SandboxAdmissionPolicy;
import io.kubeguide.sandbox.SandboxFenceProperties;
import io.kubeguide.sandbox.SandboxLabels;
import io.kubeguide.sandbox.SandboxProperties;
import io.kubeguide.sandbox.SandboxProviders;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.embedded.EmbeddedCluster;
import io.kubeguide.sandbox.embedded.SharedEmbeddedCluster;
import io.kubeguide.sandbox.provider.InClusterConnection;
import io.kubeguide.sandbox.provider.NamespaceSandboxProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy/} on a real API server (the embedded control plane): {@code deploy/render.sh} renders the base and the
 * example overlay, the API server accepts every object (server-side dry-run, as admin), and the guide's
 * ServiceAccount with the rendered ClusterRole and Role (created for real) is enough to run the {@code cluster}
 * provider as a Pod would (InClusterConnection with that ServiceAccount's token): the fence's admission policies
 * installed, sandboxes made and fenced, every exercise's setup applied, its wrong answers and its solution graded, the
 * sandboxes and their volumes deleted. And it is not more than that: Secrets, cluster RBAC and other admission policies stay out of
 * its reach.
 */
class DeploymentPermissionsIT {

    private static final String GUIDE = "system:serviceaccount:kubeguide:kubeguide";
    private static final String INSTANCE = "deploy-it";
    private static final SandboxAnswer ANSWERS = new SandboxAnswer();

    @TempDir
    static Path dir;

    private static EmbeddedCluster cluster;
    private static Path adminKubeconfig;

    @BeforeAll
    static void cluster() throws IOException {
        cluster = SharedEmbeddedCluster.get();
        adminKubeconfig = Files.writeString(dir.resolve("admin.kubeconfig"), cluster.adminKubeconfig());
    }

    @Test
    void theRenderedManifestsAreAcceptedByTheApiServer() throws Exception {
        // as the README's steps: the namespace exists (for the database Secret) before the rest is applied; a dry-run
        // cannot put objects into a namespace that it only pretends to create
        for (HasMetadata item : parse(render("base"))) {
            if (item.getKind().equals("Namespace")) {
                cluster.adminClient()
                        .resource(item)
                        .fieldManager("deploy-it")
                        .forceConflicts()
                        .serverSideApply();
            }
        }
        for (String kustomization : List.of("base", "overlays/example")) {
            String manifests = render(kustomization);
            Run applied = kubectl(manifests, "apply", "--dry-run=server", "-f", "-");
            assertThat(applied.exit())
                    .as(kustomization + ": " + applied.output())
                    .isZero();
            assertThat(applied.output())
                    .as("the guide's Pods meet Pod Security restricted, which its namespace enforces")
                    .doesNotContain("would violate PodSecurity");
            for (String object : List.of(
                    "namespace/kubeguide",
                    "serviceaccount/kubeguide",
                    "clusterrole.rbac.authorization.k8s.io/kubeguide-sandboxes",
                    "clusterrolebinding.rbac.authorization.k8s.io/kubeguide-sandboxes",
                    "role.rbac.authorization.k8s.io/kubeguide-instances",
                    "deployment.apps/kubeguide",
                    "service/kubeguide",
                    "poddisruptionbudget.policy/kubeguide")) {
                // created, or configured where the other test made the guide's identity for real
                assertThat(applied.output())
                        .as(kustomization)
                        .containsPattern(
                                Pattern.quote(object) + " (created|configured|unchanged) \\(server dry run\\)");
            }
        }
        assertThat(render("overlays/example"))
                .contains("kind: Ingress", "image: registry.example.org/kubeguide/guide:1.0.0");
        List<HasMetadata> base = parse(render("base"));
        var deployment = base.stream()
                .filter(o -> o instanceof Deployment)
                .map(o -> (Deployment) o)
                .findFirst()
                .orElseThrow();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        var guide = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(guide.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
        assertThat(guide.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
        assertThat(guide.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(guide.getResources().getLimits()).containsKeys("cpu", "memory");
        assertThat(guide.getEnv())
                .filteredOn(e -> e.getName().startsWith("GUIDE_DB_"))
                .allSatisfy(e ->
                        assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("kubeguide-database"))
                .hasSize(3);
    }

    @Test
    void theGuidesServiceAccountRunsTheClusterProviderAndNoMore() throws Exception {
        KubernetesClient admin = cluster.adminClient();
        for (HasMetadata item : parse(render("base"))) {
            if (Set.of("Namespace", "ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding")
                    .contains(item.getKind())) {
                admin.resource(item).fieldManager("deploy-it").forceConflicts().serverSideApply();
            }
        }
        String token = admin.serviceAccounts()
                .inNamespace("kubeguide")
                .withName("kubeguide")
                .tokenRequest(new TokenRequestBuilder()
                        .withNewSpec()
                        .withExpirationSeconds(3600L)
                        .endSpec()
                        .build())
                .getStatus()
                .getToken();
        Path tokenFile = Files.writeString(dir.resolve("token"), token);
        Path caFile = Files.write(
                dir.resolve("ca.crt"),
                Base64.getDecoder().decode(cluster.clientConfigFor(token).getCaCertData()));

        // the guide's token must create the fence's admission policies, not find them made by an admin
        for (String kind : List.of("ValidatingAdmissionPolicyBinding", "ValidatingAdmissionPolicy")) {
            for (String name : List.of(
                    SandboxAdmissionPolicy.PODS,
                    SandboxAdmissionPolicy.SERVICES,
                    SandboxAdmissionPolicy.ENDPOINT_SLICES)) {
                admin.genericKubernetesResources("admissionregistration.k8s.io/v1", kind)
                        .withName(name)
                        .withTimeout(30, TimeUnit.SECONDS)
                        .delete();
            }
        }

        SandboxProperties properties =
                SandboxProperties.defaults().withInstanceId(INSTANCE).withMaxConcurrent(50);
        SandboxService sandboxes = new SandboxService(
                properties,
                SandboxProviders.of(new NamespaceSandboxProvider(
                        "cluster",
                        new InClusterConnection(cluster.serverUrl(), tokenFile, caFile),
                        INSTANCE,
                        Duration.ofMinutes(2),
                        SandboxFenceProperties.DEFAULT_ALLOWED_IMAGES)));
        List<Callable<List<String>>> tasks = new ArrayList<>();
        List<String> namespaces = Collections.synchronizedList(new ArrayList<>());
        for (ExerciseSpec spec : new ExerciseCatalog(ClasspathContentSource.packaged()).all()) {
            tasks.add(() -> {
                Sandbox sandbox = sandboxes.awaitReady(
                        SubmissionService.request("deploy-" + spec.id(), spec), Duration.ofMinutes(3));
                namespaces.add(sandbox.namespace());
                return answersInOneSandbox(spec, sandbox);
            });
        }
        List<String> problems = new ArrayList<>();
        // most of the time is spent waiting out the `within` of wrong answers' pending checks: wide, not busy
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            for (Future<List<String>> result : pool.invokeAll(tasks)) {
                problems.addAll(result.get());
            }
        } finally {
            pool.shutdownNow();
            sandboxes.destroy();
        }
        assertThat(problems)
                .as("reads the guide's token was refused, or solutions that did not pass")
                .isEmpty();
        assertThat(namespaces).hasSizeGreaterThan(10);

        // deleted with the guide's token: the namespaces (terminating or gone) and the setups' volumes
        for (String ns : namespaces) {
            Namespace left = admin.namespaces().withName(ns).get();
            assertThat(left == null || left.getMetadata().getDeletionTimestamp() != null)
                    .as("sandbox " + ns + " deleted")
                    .isTrue();
        }
        assertThat(admin.persistentVolumes().withLabel(SandboxLabels.INSTANCE, INSTANCE).list().getItems().stream()
                        .filter(pv -> pv.getMetadata().getDeletionTimestamp() == null)
                        .map(pv -> pv.getMetadata().getName())
                        .toList())
                .as("volumes of the setups left behind")
                .isEmpty();

        // and nothing beyond what sandboxes need
        assertThat(allowed(admin, "list", "", "secrets", "kube-system", null)).isFalse();
        assertThat(allowed(admin, "get", "", "secrets", "default", null)).isFalse();
        assertThat(allowed(admin, "create", "rbac.authorization.k8s.io", "clusterroles", null, null))
                .isFalse();
        assertThat(allowed(admin, "escalate", "rbac.authorization.k8s.io", "roles", "default", null))
                .isFalse();
        assertThat(allowed(admin, "bind", "rbac.authorization.k8s.io", "roles", "default", null))
                .isFalse();
        assertThat(allowed(
                        admin, "patch", "admissionregistration.k8s.io", "validatingadmissionpolicies", null, "other"))
                .isFalse();
        assertThat(allowed(admin, "create", "", "pods/exec", "default", null)).isFalse();
        assertThat(allowed(admin, "create", "coordination.k8s.io", "leases", "default", null))
                .isFalse();
        assertThat(allowed(admin, "list", "", "nodes", null, null)).isFalse();
        // the positive side of the same question, so that these denials are not a broken review
        assertThat(allowed(admin, "create", "", "namespaces", null, null)).isTrue();
    }

    /**
     * The wrong answers, then the solution, in one sandbox: wrong answers leave checks pending, which makes the grader
     * read more (volumes, StorageClasses, workloads) than a passing answer does, and free volumes for claims made again.
     * No check may fail for want of a permission, and the solution must pass.
     */
    private List<String> answersInOneSandbox(ExerciseSpec spec, Sandbox sandbox) {
        List<String> problems = new ArrayList<>();
        for (var wrong : spec.wrong()) {
            grade(spec, sandbox, wrong.yaml()).stream()
                    .filter(r -> r.message() != null && r.message().contains("could not read your sandbox"))
                    .forEach(r -> problems.add(
                            spec.id() + " / wrong \"" + wrong.why() + "\": " + r.id() + " " + r.message()));
        }
        List<CheckResult> solution = grade(spec, sandbox, spec.solution());
        solution.stream()
                .filter(r -> !r.passed())
                .forEach(r -> problems.add(spec.id() + " / solution: " + r.id() + " " + r.message()));
        if (solution.isEmpty()) {
            problems.add(spec.id() + " / solution: refused");
        }
        return problems;
    }

    /** The checks' results after applying {@code yaml} as the learner; none when it was refused. */
    private static List<CheckResult> grade(ExerciseSpec spec, Sandbox sandbox, String yaml) {
        return ANSWERS.submit(spec, yaml, sandbox).checks();
    }

    private static boolean allowed(
            KubernetesClient admin, String verb, String group, String resource, String namespace, String name) {
        String[] parts = resource.split("/");
        var review = admin.authorization()
                .v1()
                .subjectAccessReview()
                .create(new SubjectAccessReviewBuilder()
                        .withNewSpec()
                        .withUser(GUIDE)
                        .withGroups(
                                "system:serviceaccounts", "system:serviceaccounts:kubeguide", "system:authenticated")
                        .withNewResourceAttributes()
                        .withVerb(verb)
                        .withGroup(group)
                        .withResource(parts[0])
                        .withSubresource(parts.length > 1 ? parts[1] : null)
                        .withNamespace(namespace)
                        .withName(name)
                        .endResourceAttributes()
                        .endSpec()
                        .build());
        return Boolean.TRUE.equals(review.getStatus().getAllowed());
    }

    private static List<HasMetadata> parse(String manifests) {
        return cluster.adminClient()
                .load(new ByteArrayInputStream(manifests.getBytes(StandardCharsets.UTF_8)))
                .items();
    }

    record Run(int exit, String output) {}

    private static String render(String kustomization) throws Exception {
        Run rendered = run(null, "bash", "deploy/render.sh", kustomization);
        assertThat(rendered.exit())
                .as("render.sh " + kustomization + ": " + rendered.output())
                .isZero();
        return rendered.output();
    }

    private static Run kubectl(String input, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(cluster.binDir().resolve("kubectl").toString());
        command.add("--kubeconfig=" + adminKubeconfig);
        command.addAll(List.of(args));
        return run(input, command.toArray(String[]::new));
    }

    private static Run run(String input, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECTL", cluster.binDir().resolve("kubectl").toString());
        Process process = builder.start();
        if (input != null) {
            try (var in = process.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            process.getOutputStream().close();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
