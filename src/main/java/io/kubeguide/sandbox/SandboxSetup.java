package io.kubeguide.sandbox;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Applies an exercise's setup YAML with admin rights: namespaced objects go into the sandbox namespace; cluster-scoped
 * ones (e.g. a PersistentVolume) are labelled with the sandbox id, and their kinds are recorded on the namespace, so
 * they are deleted with the sandbox, also after a crash. Then waits, through watches and within a bound, until setup
 * Deployments and StatefulSets are available.
 */
public final class SandboxSetup {

    public static final String NAMESPACE_PLACEHOLDER = "{{namespace}}";
    private static final String FIELD_MANAGER = "guide-setup";
    /**
     * The field manager of the learner's own applies. Namespaced setup objects are applied under it too, so that a
     * learner's apply of such an object takes over all its fields and its lists replace the setup's (a Service's
     * ports), as {@code kubectl apply} of the whole object would, instead of merging with fields the setup owns.
     */
    public static final String LEARNER_FIELD_MANAGER = "learner";

    private SandboxSetup() {}

    public static void apply(ProvisionedSandbox sandbox, String setupYaml, Duration timeout) {
        if (setupYaml == null || setupYaml.isBlank()) {
            return;
        }
        Instant deadline = Instant.now().plus(timeout);
        KubernetesClient admin = sandbox.adminClient();
        String ns = sandbox.namespace();
        String yaml = setupYaml.replace(NAMESPACE_PLACEHOLDER, ns);
        List<HasMetadata> items =
                admin.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items().stream()
                        .filter(Objects::nonNull)
                        .toList();
        Map<String, String> labels = SandboxLabels.of(sandbox.identity());
        NamespacedKinds namespaced = new NamespacedKinds(admin);

        Set<String> clusterScopedKinds = new LinkedHashSet<>();
        for (HasMetadata item : items) {
            if (!namespaced.isNamespaced(item)) {
                clusterScopedKinds.add(item.getApiVersion() + "/" + item.getKind());
            }
        }
        if (!clusterScopedKinds.isEmpty()) {
            // recorded before they exist, so a crash between here and the apply leaves nothing unfindable
            admin.namespaces().withName(ns).edit(n -> {
                if (n.getMetadata().getAnnotations() == null) {
                    n.getMetadata().setAnnotations(new HashMap<>());
                }
                n.getMetadata()
                        .getAnnotations()
                        .put(SandboxLabels.CLUSTER_SCOPED_KINDS, String.join(",", clusterScopedKinds));
                return n;
            });
        }

        List<HasMetadata> waitFor = new ArrayList<>();
        for (HasMetadata item : items) {
            Map<String, String> merged = new HashMap<>();
            if (item.getMetadata().getLabels() != null) {
                merged.putAll(item.getMetadata().getLabels());
            }
            merged.putAll(labels);
            item.getMetadata().setLabels(merged);
            item.getMetadata().setResourceVersion(null);
            if (namespaced.isNamespaced(item)) {
                item.getMetadata().setNamespace(ns);
                admin.resource(item)
                        .inNamespace(ns)
                        .fieldManager(LEARNER_FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply();
            } else {
                item.getMetadata().setNamespace(null);
                admin.resource(item)
                        .fieldManager(FIELD_MANAGER)
                        .forceConflicts()
                        .serverSideApply();
            }
            if (item instanceof Deployment || item instanceof StatefulSet) {
                waitFor.add(item);
            }
        }
        for (HasMetadata workload : waitFor) {
            awaitAvailable(admin, ns, workload, deadline, timeout);
        }
    }

    private static void awaitAvailable(
            KubernetesClient admin, String ns, HasMetadata workload, Instant deadline, Duration timeout) {
        String name = workload.getMetadata().getName();
        long millis = Math.max(1, Duration.between(Instant.now(), deadline).toMillis());
        try {
            if (workload instanceof Deployment) {
                admin.apps()
                        .deployments()
                        .inNamespace(ns)
                        .withName(name)
                        .waitUntilCondition(SandboxSetup::available, millis, TimeUnit.MILLISECONDS);
            } else {
                admin.apps()
                        .statefulSets()
                        .inNamespace(ns)
                        .withName(name)
                        .waitUntilCondition(SandboxSetup::ready, millis, TimeUnit.MILLISECONDS);
            }
        } catch (KubernetesClientTimeoutException e) {
            throw new IllegalStateException(
                    "the exercise's setup " + workload.getKind() + " " + name + " was not ready within "
                            + timeout.toSeconds() + " s",
                    e);
        }
    }

    static boolean available(Deployment d) {
        if (d == null || d.getStatus() == null) {
            return false;
        }
        int wanted = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
        Integer available = d.getStatus().getAvailableReplicas();
        Long observed = d.getStatus().getObservedGeneration();
        return observed != null
                && observed >= d.getMetadata().getGeneration()
                && (available == null ? 0 : available) >= wanted;
    }

    static boolean ready(StatefulSet s) {
        if (s == null || s.getStatus() == null) {
            return false;
        }
        int wanted = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
        Integer ready = s.getStatus().getReadyReplicas();
        return (ready == null ? 0 : ready) >= wanted;
    }

    /** Whether a kind is namespaced: from the model class, else from API discovery (cached per group/version). */
    static final class NamespacedKinds {
        private final KubernetesClient admin;
        private final Map<String, APIResourceList> discovery = new HashMap<>();

        NamespacedKinds(KubernetesClient admin) {
            this.admin = admin;
        }

        boolean isNamespaced(HasMetadata item) {
            if (item instanceof Namespaced) {
                return true;
            }
            if (item.getClass() != GenericKubernetesResource.class) {
                return false; // a typed model class without the Namespaced marker is cluster-scoped
            }
            APIResourceList list = discovery.computeIfAbsent(item.getApiVersion(), admin::getApiResources);
            if (list != null) {
                for (APIResource resource : list.getResources()) {
                    if (resource.getKind().equals(item.getKind())
                            && !resource.getName().contains("/")) {
                        return Boolean.TRUE.equals(resource.getNamespaced());
                    }
                }
            }
            throw new IllegalArgumentException(
                    "the API server does not know kind " + item.getKind() + " of " + item.getApiVersion());
        }
    }
}
