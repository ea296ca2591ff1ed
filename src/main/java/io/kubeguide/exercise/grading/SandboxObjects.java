package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubeguide.exercise.spec.ExerciseSpec.ResourceRef;
import java.util.List;

/**
 * What checks read of a sandbox: the live objects of one namespace. {@link LiveSandboxObjects} reads them from the
 * API server; unit tests hand checks plain objects.
 */
interface SandboxObjects {

    /** The object, or null when there is none. */
    GenericKubernetesResource get(ResourceRef ref);

    /** Names of the objects of that kind in the sandbox, sorted. */
    List<String> names(ResourceRef kind);

    /** The Service, or null. */
    Service service(String name);

    /** The Pods that are not being deleted and have not finished. */
    List<Pod> pods();

    /** EndpointSlices of that Service (label {@code kubernetes.io/service-name}). */
    List<EndpointSlice> endpointSlices(String service);

    /** Every object of a cluster-scoped kind (PersistentVolumes, StorageClasses). */
    List<GenericKubernetesResource> clusterObjects(ResourceRef kind);

    /** Deployments, StatefulSets, DaemonSets, ReplicaSets and Jobs: what may still make Pods. */
    List<GenericKubernetesResource> workloads();
}
