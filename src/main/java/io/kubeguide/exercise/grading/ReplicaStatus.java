package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.Objects;

/**
 * What a workload's controller reports of its replicas (Deployment, StatefulSet, ReplicaSet), read once: whether it
 * has seen the latest spec, how many Pods it wants, has, has updated and has ready.
 */
record ReplicaStatus(boolean observed, long wanted, long replicas, long updated, long ready, boolean sameRevision) {

    static ReplicaStatus of(GenericKubernetesResource w) {
        Long generation = w.getMetadata().getGeneration();
        return new ReplicaStatus(
                generation == null || count(w.get("status", "observedGeneration"), 0) >= generation,
                count(w.get("spec", "replicas"), 1),
                count(w.get("status", "replicas"), 0),
                count(w.get("status", "updatedReplicas"), 0),
                count(w.get("status", "readyReplicas"), 0),
                !"StatefulSet".equals(w.getKind())
                        || Objects.equals(w.get("status", "currentRevision"), w.get("status", "updateRevision")));
    }

    /** Still replacing or scaling its Pods: Pods of an old template may still be there. */
    boolean replacing() {
        return !observed || updated != wanted || replicas != wanted;
    }

    /** As many Pods as it asks for: it makes no more. */
    boolean hasAllItsPods() {
        return observed && replicas >= wanted;
    }

    /** Done: every replica updated and ready, none more. */
    boolean rolledOut() {
        return !replacing() && ready == wanted && sameRevision;
    }

    private static long count(Object value, long absent) {
        return value instanceof Number n ? n.longValue() : absent;
    }
}
