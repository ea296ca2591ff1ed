package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubeguide.exercise.spec.ExerciseSpec.ResourceRef;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether the controllers are done with an object, so that a status a check waits for will not come: a Deployment or
 * StatefulSet whose rollout is complete, a claim that no volume can ever satisfy (and no provisioner will make one
 * for), a bare Pod pending on such a claim or on a claim that does not exist. A check then fails at once with what
 * it found, instead of waiting out its {@code within}. When in doubt, not settled: waiting is slow, never wrong.
 */
final class Settled {

    private static final String NO_PROVISIONER = "kubernetes.io/no-provisioner";

    private Settled() {}

    static boolean isSettled(GenericKubernetesResource object, SandboxObjects sandbox) {
        return switch (object.getKind()) {
            case "Deployment", "StatefulSet" -> ReplicaStatus.of(object).rolledOut();
            case "PersistentVolumeClaim" ->
                "Bound".equals(object.get("status", "phase")) || neverBinds(object, sandbox);
            case "Pod" -> pendingForGood(object, sandbox);
            default -> false;
        };
    }

    /** A Pending claim for which no volume in the cluster will do, and which no provisioner serves. */
    static boolean neverBinds(GenericKubernetesResource claim, SandboxObjects sandbox) {
        if (!"Pending".equals(claim.get("status", "phase"))
                || claim.get("spec", "volumeName") != null
                || claim.get("spec", "selector") != null) {
            return false;
        }
        Object storageClass = claim.get("spec", "storageClassName");
        if (storageClass == null) {
            return false; // a default class may still be given to it
        }
        for (GenericKubernetesResource sc :
                sandbox.clusterObjects(new ResourceRef("StorageClass", "-", "storage.k8s.io/v1"))) {
            if (sc.getMetadata().getName().equals(storageClass) && !NO_PROVISIONER.equals(sc.get("provisioner"))) {
                return false; // a provisioner may make a volume for it
            }
        }
        BigDecimal request = ValueMatcher.quantity(claim.get("spec", "resources", "requests", "storage"));
        List<?> modes = list(claim.get("spec", "accessModes"));
        Object mode = Objects.requireNonNullElse(claim.get("spec", "volumeMode"), "Filesystem");
        String namespace = claim.getMetadata().getNamespace();
        for (GenericKubernetesResource pv : sandbox.clusterObjects(new ResourceRef("PersistentVolume", "-", "v1"))) {
            Object claimRefName = pv.get("spec", "claimRef", "name");
            // as the PV controller matches (FindMatchingVolume): a volume reserved for this claim by its claimRef
            // ignores the class; any other must be Available and of the claim's class
            boolean reserved = claimRefName != null
                    && claimRefName.equals(claim.getMetadata().getName())
                    && Objects.equals(pv.get("spec", "claimRef", "namespace"), namespace);
            boolean free = claimRefName == null
                    && "Available".equals(pv.get("status", "phase"))
                    && storageClass.equals(Objects.requireNonNullElse(pv.get("spec", "storageClassName"), ""));
            BigDecimal capacity = ValueMatcher.quantity(pv.get("spec", "capacity", "storage"));
            boolean fits = request == null || capacity != null && capacity.compareTo(request) >= 0;
            if ((reserved || free)
                    && fits
                    && list(pv.get("spec", "accessModes")).containsAll(modes)
                    && mode.equals(Objects.requireNonNullElse(pv.get("spec", "volumeMode"), "Filesystem"))) {
                return false;
            }
        }
        return true;
    }

    /** A Pod no controller owns, Pending because one of its claims does not exist or will never bind. */
    static boolean pendingForGood(GenericKubernetesResource pod, SandboxObjects sandbox) {
        if (!"Pending".equals(pod.get("status", "phase"))
                || pod.getMetadata().getOwnerReferences() != null
                        && !pod.getMetadata().getOwnerReferences().isEmpty()) {
            return false;
        }
        for (Object volume : list(pod.get("spec", "volumes"))) {
            if (volume instanceof Map<?, ?> v && v.get("persistentVolumeClaim") instanceof Map<?, ?> source) {
                GenericKubernetesResource claim = sandbox.get(
                        new ResourceRef("PersistentVolumeClaim", String.valueOf(source.get("claimName")), "v1"));
                if (claim == null || neverBinds(claim, sandbox)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<?> list(Object value) {
        return value instanceof Collection<?> c ? List.copyOf(c) : List.of();
    }
}
