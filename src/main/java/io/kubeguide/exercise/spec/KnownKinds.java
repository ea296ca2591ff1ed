package io.kubeguide.exercise.spec;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in kinds the guide knows without asking an API server: the apiVersion each is served as today (so an
 * exercise may name a kind without one, and a submission's apiVersion can be checked with words before any cluster
 * call), and which are cluster-scoped.
 */
public final class KnownKinds {

    private static final Map<String, String> API_VERSIONS = Map.ofEntries(
            Map.entry("Service", "v1"),
            Map.entry("Pod", "v1"),
            Map.entry("ConfigMap", "v1"),
            Map.entry("Secret", "v1"),
            Map.entry("PersistentVolumeClaim", "v1"),
            Map.entry("PersistentVolume", "v1"),
            Map.entry("ServiceAccount", "v1"),
            Map.entry("Endpoints", "v1"),
            Map.entry("LimitRange", "v1"),
            Map.entry("ResourceQuota", "v1"),
            Map.entry("Namespace", "v1"),
            Map.entry("ReplicationController", "v1"),
            Map.entry("Event", "v1"),
            Map.entry("Node", "v1"),
            Map.entry("Deployment", "apps/v1"),
            Map.entry("StatefulSet", "apps/v1"),
            Map.entry("DaemonSet", "apps/v1"),
            Map.entry("ReplicaSet", "apps/v1"),
            Map.entry("Job", "batch/v1"),
            Map.entry("CronJob", "batch/v1"),
            Map.entry("Ingress", "networking.k8s.io/v1"),
            Map.entry("NetworkPolicy", "networking.k8s.io/v1"),
            Map.entry("IngressClass", "networking.k8s.io/v1"),
            Map.entry("EndpointSlice", "discovery.k8s.io/v1"),
            Map.entry("StorageClass", "storage.k8s.io/v1"),
            Map.entry("Role", "rbac.authorization.k8s.io/v1"),
            Map.entry("RoleBinding", "rbac.authorization.k8s.io/v1"),
            Map.entry("ClusterRole", "rbac.authorization.k8s.io/v1"),
            Map.entry("ClusterRoleBinding", "rbac.authorization.k8s.io/v1"),
            Map.entry("HorizontalPodAutoscaler", "autoscaling/v2"),
            Map.entry("PodDisruptionBudget", "policy/v1"),
            Map.entry("CustomResourceDefinition", "apiextensions.k8s.io/v1"),
            Map.entry("PriorityClass", "scheduling.k8s.io/v1"));

    /** Kinds of the built-in API that are not namespaced. */
    private static final Set<String> CLUSTER_SCOPED = Set.of(
            "Namespace",
            "Node",
            "PersistentVolume",
            "ClusterRole",
            "ClusterRoleBinding",
            "StorageClass",
            "CSIDriver",
            "CSINode",
            "VolumeAttachment",
            "CustomResourceDefinition",
            "APIService",
            "PriorityClass",
            "RuntimeClass",
            "IngressClass",
            "ValidatingWebhookConfiguration",
            "MutatingWebhookConfiguration",
            "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding",
            "MutatingAdmissionPolicy",
            "MutatingAdmissionPolicyBinding",
            "CertificateSigningRequest",
            "FlowSchema",
            "PriorityLevelConfiguration",
            "ComponentStatus",
            "TokenReview",
            "SubjectAccessReview",
            "SelfSubjectAccessReview",
            "SelfSubjectRulesReview",
            "SelfSubjectReview",
            "ClusterTrustBundle",
            "DeviceClass",
            "ResourceSlice",
            "IPAddress",
            "ServiceCIDR",
            "StorageVersionMigration",
            "VolumeAttributesClass");

    private KnownKinds() {}

    /** The apiVersion a built-in kind is served as, e.g. {@code apps/v1} for Deployment. */
    public static Optional<String> apiVersion(String kind) {
        return Optional.ofNullable(API_VERSIONS.get(kind));
    }

    public static boolean isClusterScoped(String kind) {
        return CLUSTER_SCOPED.contains(kind);
    }

    /** Every kind name known here (for "did you mean"). */
    public static Set<String> kinds() {
        return API_VERSIONS.keySet();
    }

    /**
     * Whether {@code apiVersion} serves {@code kind}: for a kind known here, only its one apiVersion (so
     * {@code extensions/v1beta1 Deployment} and {@code example.com/v1 Service} are not); unknown kinds are left to
     * the API server.
     */
    public static boolean serves(String apiVersion, String kind) {
        String expected = API_VERSIONS.get(kind);
        return expected == null || expected.equals(apiVersion);
    }

    /** {@code apps/v1} gives {@code apps}; {@code v1} (the core group) gives the empty string. */
    public static String group(String apiVersion) {
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    /** {@code apps/v1} gives {@code v1}. */
    public static String version(String apiVersion) {
        return apiVersion.substring(apiVersion.indexOf('/') + 1);
    }
}
