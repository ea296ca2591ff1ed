package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kubeguide.exercise.spec.ExerciseSpec.ResourceRef;
import io.kubeguide.exercise.spec.KnownKinds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The sandbox's objects read with the admin client, always scoped to the sandbox namespace (cluster-scoped kinds
 * aside). Reads are remembered until {@link #forget()}: several checks of one pass look at the same Service.
 */
final class LiveSandboxObjects implements SandboxObjects {

    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final List<String> WORKLOAD_KINDS =
            List.of("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job");

    private final KubernetesClient admin;
    private final String namespace;
    private final Map<String, Object> reads = new HashMap<>();

    LiveSandboxObjects(KubernetesClient admin, String namespace) {
        this.admin = admin;
        this.namespace = namespace;
    }

    KubernetesClient client() {
        return admin;
    }

    String namespace() {
        return namespace;
    }

    void forget() {
        reads.clear();
    }

    @Override
    public GenericKubernetesResource get(ResourceRef ref) {
        return read(
                ref.kind() + "/" + ref.name(),
                () -> resources(ref).withName(ref.name()).get());
    }

    @Override
    public List<String> names(ResourceRef kind) {
        return read(
                "names " + kind.kind(),
                () -> resources(kind).list().getItems().stream()
                        .map(r -> r.getMetadata().getName())
                        .sorted()
                        .toList());
    }

    @Override
    public List<GenericKubernetesResource> clusterObjects(ResourceRef kind) {
        return read(
                "cluster " + kind.kind(),
                () -> admin.genericKubernetesResources(apiVersion(kind), kind.kind())
                        .list()
                        .getItems());
    }

    @Override
    public Service service(String name) {
        return read(
                "Service " + name,
                () -> admin.services().inNamespace(namespace).withName(name).get());
    }

    @Override
    public List<Pod> pods() {
        return read(
                "pods",
                () -> admin.pods().inNamespace(namespace).list().getItems().stream()
                        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                        .filter(p -> p.getStatus() == null
                                || !"Succeeded".equals(p.getStatus().getPhase())
                                        && !"Failed".equals(p.getStatus().getPhase()))
                        .toList());
    }

    @Override
    public List<EndpointSlice> endpointSlices(String service) {
        return read(
                "slices " + service,
                () -> admin.discovery()
                        .v1()
                        .endpointSlices()
                        .inNamespace(namespace)
                        .withLabel(SERVICE_NAME_LABEL, service)
                        .list()
                        .getItems());
    }

    @Override
    public List<GenericKubernetesResource> workloads() {
        return read("workloads", () -> {
            List<GenericKubernetesResource> all = new ArrayList<>();
            for (String kind : WORKLOAD_KINDS) {
                all.addAll(resources(new ResourceRef(kind, "-", null)).list().getItems());
            }
            return all;
        });
    }

    /** Objects of a kind in the sandbox (or cluster-wide for cluster-scoped kinds). */
    NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            resources(ResourceRef ref) {
        var op = admin.genericKubernetesResources(apiVersion(ref), ref.kind());
        return KnownKinds.isClusterScoped(ref.kind()) ? op : op.inNamespace(namespace);
    }

    static String apiVersion(ResourceRef ref) {
        return ref.apiVersion() != null
                ? ref.apiVersion()
                : KnownKinds.apiVersion(ref.kind())
                        .orElseThrow(() -> new IllegalArgumentException(
                                "kind " + ref.kind() + " needs an apiVersion in the exercise spec"));
    }

    @SuppressWarnings("unchecked")
    private <T> T read(String key, Supplier<T> loader) {
        if (reads.containsKey(key)) {
            return (T) reads.get(key);
        }
        T value = loader.get();
        reads.put(key, value);
        return value;
    }
}
