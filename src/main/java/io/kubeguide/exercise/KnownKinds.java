package io.kubeguide.exercise;

import java.util.Map;
import java.util.Optional;

/** apiVersion of the built-in kinds an exercise may name without giving one. */
public final class KnownKinds {

    private static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Service", "v1"), Map.entry("Pod", "v1"), Map.entry("ConfigMap", "v1"),
            Map.entry("Secret", "v1"), Map.entry("PersistentVolumeClaim", "v1"),
            Map.entry("PersistentVolume", "v1"), Map.entry("ServiceAccount", "v1"), Map.entry("Endpoints", "v1"),
            Map.entry("LimitRange", "v1"), Map.entry("ResourceQuota", "v1"), Map.entry("Namespace", "v1"),
            Map.entry("Deployment", "apps/v1"), Map.entry("StatefulSet", "apps/v1"),
            Map.entry("DaemonSet", "apps/v1"), Map.entry("ReplicaSet", "apps/v1"),
            Map.entry("Job", "batch/v1"), Map.entry("CronJob", "batch/v1"),
            Map.entry("Ingress", "networking.k8s.io/v1"), Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("EndpointSlice", "discovery.k8s.io/v1"), Map.entry("StorageClass", "storage.k8s.io/v1"),
            Map.entry("Role", "rbac.authorization.k8s.io/v1"),
            Map.entry("RoleBinding", "rbac.authorization.k8s.io/v1"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"),
            Map.entry("PodDisruptionBudget", "policy/v1"));

    private KnownKinds() {
    }

    public static Optional<String> apiVersion(String kind) {
        return Optional.ofNullable(API_VERSIONS.get(kind));
    }

    public static boolean isClusterScoped(String kind) {
        return SubmissionValidator.CLUSTER_SCOPED_KINDS.contains(kind);
    }
}
