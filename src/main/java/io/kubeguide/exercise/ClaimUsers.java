package io.kubeguide.exercise;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.PodResource;
import java.time.Duration;
import java.util.List;

/**
 * The Pods that keep a claim from going: a claim a running Pod mounts is only deleted once that Pod is gone
 * ({@code kubernetes.io/pvc-protection}). To re-create a claim that cannot change in place, the guide deletes those
 * Pods first and, once the new claim exists, makes the Pods nobody else would make again (no owner, e.g. the
 * exercise's setup Pod) from their last definition; a controller's Pods come back through their controller.
 */
final class ClaimUsers {

    private ClaimUsers() {}

    /** The Pods in {@code namespace} that mount {@code claim} and are not done or already going. */
    static List<Pod> of(KubernetesClient learner, String namespace, String claim) {
        return learner.pods().inNamespace(namespace).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .filter(pod -> pod.getStatus() == null
                        || !List.of("Succeeded", "Failed")
                                .contains(pod.getStatus().getPhase()))
                .filter(pod -> mounts(pod, claim))
                .toList();
    }

    /** Deletes the Pods at once (no grace period) and waits up to {@code wait} until they are gone. */
    static void delete(KubernetesClient learner, String namespace, List<Pod> pods, Duration wait) {
        List<PodResource> deleted = pods.stream()
                .map(pod -> learner.pods()
                        .inNamespace(namespace)
                        .withName(pod.getMetadata().getName()))
                .toList();
        deleted.forEach(pod -> pod.withGracePeriod(0).delete());
        SubmissionApplier.awaitGone(deleted, wait);
    }

    /** Makes again, under the learner's field manager, the deleted Pods that no controller owns. */
    static void recreateUnowned(KubernetesClient learner, String namespace, List<Pod> pods) {
        for (Pod pod : pods) {
            if (pod.getMetadata().getOwnerReferences() != null
                    && !pod.getMetadata().getOwnerReferences().isEmpty()) {
                continue;
            }
            learner.resource(asNew(pod))
                    .inNamespace(namespace)
                    .fieldManager(SubmissionApplier.FIELD_MANAGER)
                    .forceConflicts()
                    .serverSideApply();
        }
    }

    /** The Pod as it was asked for: its name, labels, annotations and spec, without where and how it ran. */
    static Pod asNew(Pod live) {
        PodSpec spec = new PodSpecBuilder(live.getSpec()).build();
        spec.setNodeName(null); // to be scheduled again
        spec.setPriority(null); // the Priority admission sets it from the class, and refuses one given
        return new PodBuilder()
                .withNewMetadata()
                .withName(live.getMetadata().getName())
                .withLabels(live.getMetadata().getLabels())
                .withAnnotations(live.getMetadata().getAnnotations())
                .endMetadata()
                .withSpec(spec)
                .build();
    }

    private static boolean mounts(Pod pod, String claim) {
        List<Volume> volumes = pod.getSpec() == null ? null : pod.getSpec().getVolumes();
        return volumes != null
                && volumes.stream()
                        .anyMatch(v -> v.getPersistentVolumeClaim() != null
                                && claim.equals(v.getPersistentVolumeClaim().getClaimName()));
    }

    /** What the notice adds when Pods went and came back with a re-created claim. */
    static String went(List<Pod> pods) {
        if (pods.isEmpty()) {
            return "";
        }
        List<String> names =
                pods.stream().map(p -> p.getMetadata().getName()).sorted().toList();
        return "; Pod" + (names.size() == 1 ? " " : "s ") + String.join(", ", names) + ", which mount"
                + (names.size() == 1 ? "s" : "") + " it, " + (names.size() == 1 ? "was" : "were")
                + " re-created with it";
    }
}
