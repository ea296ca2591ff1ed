package io.kubeguide.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The guide's ValidatingAdmissionPolicies (images from the allow-list only, no ServiceAccount tokens in Pods, no node
 * pinning or tolerations, no host namespaces, ports or paths, no privileged containers, no volume types beyond Pod
 * Security restricted's, no preempting priority or runtime class, no {@code externalIPs}, NodePort and LoadBalancer
 * only where the exercise needs them, EndpointSlices that learners write only to documentation addresses), bound to
 * every namespace labelled
 * {@value SandboxLabels#SANDBOX}. Cluster-scoped, so installed once per cluster by the admin (server-side apply, so
 * installing again is harmless); what each sandbox may use is read from its namespace's annotations
 * ({@link SandboxLabels#ALLOWED_IMAGES}, {@link SandboxLabels#SERVICE_TYPES}). The policies are in
 * {@code src/main/resources/sandbox/admission-policies.yaml}.
 */
public final class SandboxAdmissionPolicy {

    public static final String PODS = "kubeguide-sandbox-pods";
    public static final String SERVICES = "kubeguide-sandbox-services";
    public static final String ENDPOINT_SLICES = "kubeguide-sandbox-endpointslices";
    /** The guide's field manager for what it applies server-side with admin rights. */
    public static final String FIELD_MANAGER = SandboxLabels.MANAGED_BY_GUIDE;

    private static final Duration ENFORCEMENT_WAIT = Duration.ofSeconds(15);
    private static final String PROBE_IMAGE = "kubeguide.invalid/fence-probe:0";

    private SandboxAdmissionPolicy() {}

    /** Creates or updates the policies and their bindings on the admin's cluster. */
    public static void install(KubernetesClient admin) {
        for (HasMetadata item : FenceManifests.admissionPolicies()) {
            Map<String, String> labels = new HashMap<>();
            if (item.getMetadata().getLabels() != null) {
                labels.putAll(item.getMetadata().getLabels());
            }
            labels.put(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGED_BY_GUIDE);
            item.getMetadata().setLabels(labels);
            try {
                admin.resource(item)
                        .fieldManager(FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply();
            } catch (KubernetesClientException e) {
                throw new IllegalStateException(installProblem(item, e), e);
            }
        }
    }

    private static String installProblem(HasMetadata item, KubernetesClientException e) {
        String what = item.getKind() + " " + item.getMetadata().getName();
        if (e.getCode() == 404) {
            return "the cluster does not serve admissionregistration.k8s.io/v1 " + item.getKind()
                    + " (Kubernetes 1.30 or later is needed for the sandbox fence)";
        }
        if (e.getCode() == 403) {
            return "the guide's admin credentials may not create " + what + ", which fences learners' sandboxes ("
                    + e.getStatus().getMessage() + ")";
        }
        return "could not install " + what + ": " + e.getMessage();
    }

    /**
     * The admission plugin learns of new policies and bindings through informers, and of a new namespace's labels
     * too: tries (server-side dry run, as admin) a Pod and a Service the policies must refuse, until they do, so the
     * learner never gets a sandbox before its fence holds.
     */
    static void awaitEnforced(KubernetesClient admin, String ns) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName("kubeguide-fence-probe")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("probe")
                .withImage(PROBE_IMAGE)
                .endContainer()
                .endSpec()
                .build();
        Service service = new ServiceBuilder()
                .withNewMetadata()
                .withName("kubeguide-fence-probe")
                .endMetadata()
                .withNewSpec()
                .addNewPort()
                .withPort(80)
                .endPort()
                .withExternalIPs("192.0.2.1")
                .endSpec()
                .build();
        awaitRefused(
                PODS,
                ns,
                () -> admin.pods().inNamespace(ns).resource(pod).dryRun().create());
        awaitRefused(
                SERVICES,
                ns,
                () -> admin.services()
                        .inNamespace(ns)
                        .resource(service)
                        .dryRun()
                        .create());
    }

    private static void awaitRefused(String policy, String ns, Supplier<?> attempt) {
        long deadline = System.nanoTime() + ENFORCEMENT_WAIT.toNanos();
        while (true) {
            String outcome;
            try {
                attempt.get();
                outcome = "was admitted";
            } catch (KubernetesClientException e) {
                if (e.getMessage() != null && e.getMessage().contains("ValidatingAdmissionPolicy '" + policy + "'")) {
                    return;
                }
                outcome = "was refused otherwise: " + e.getMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the admission policy " + policy + " is not enforced in " + ns
                        + " within " + ENFORCEMENT_WAIT.toSeconds() + " s (a probe " + outcome + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the admission policy", e);
            }
        }
    }
}
