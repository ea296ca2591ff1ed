package io.kubeguide.exercise;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The claims a StatefulSet made from its {@code volumeClaimTemplates} ({@code <template>-<statefulset>-<ordinal>})
 * outlive it (retention policy Retain). When the guide deletes a learner's StatefulSet, to re-create it or because
 * their answer left it out, the new Pods would get the old claims, made from a template the learner has since fixed:
 * a right answer after a wrong one would never bind. So its claims go with it, as in a fresh sandbox, and the volumes
 * reserved for them are freed for the claims the new template makes.
 */
final class StatefulSetClaims {

    private static final Logger log = LoggerFactory.getLogger(StatefulSetClaims.class);

    private StatefulSetClaims() {}

    /** The claims in {@code namespace} that StatefulSet {@code name}'s templates made (none if it is gone). */
    static List<String> of(KubernetesClient learner, String namespace, String name) {
        StatefulSet set = learner.apps()
                .statefulSets()
                .inNamespace(namespace)
                .withName(name)
                .get();
        if (set == null || set.getSpec() == null || set.getSpec().getVolumeClaimTemplates() == null) {
            return List.of();
        }
        List<Pattern> made = set.getSpec().getVolumeClaimTemplates().stream()
                .map(t -> Pattern.compile(Pattern.quote(t.getMetadata().getName() + "-" + name + "-") + "\\d+"))
                .toList();
        return learner.persistentVolumeClaims().inNamespace(namespace).list().getItems().stream()
                .map(claim -> claim.getMetadata().getName())
                .filter(claim -> made.stream().anyMatch(p -> p.matcher(claim).matches()))
                .sorted()
                .toList();
    }

    /**
     * Deletes the claims (once the StatefulSet's Pods are gone, their protection lets them go), waits up to
     * {@code wait} for them to be gone and frees their reserved volumes with {@code admin} (when not null).
     */
    static void delete(
            KubernetesClient learner, KubernetesClient admin, String namespace, List<String> claims, Duration wait) {
        List<Resource<PersistentVolumeClaim>> deleted = claims.stream()
                .map(claim ->
                        learner.persistentVolumeClaims().inNamespace(namespace).withName(claim))
                .toList();
        deleted.forEach(Resource::delete);
        SubmissionApplier.awaitGone(deleted, wait);
        if (admin != null) {
            claims.forEach(claim -> ReservedVolumes.release(admin, namespace, claim));
        }
    }

    /** As {@link #delete}, for a StatefulSet pruned: what cannot be deleted now stays, logged. */
    static void deleteQuietly(
            KubernetesClient learner, KubernetesClient admin, String namespace, List<String> claims, Duration wait) {
        try {
            delete(learner, admin, namespace, claims, wait);
        } catch (KubernetesClientException e) {
            log.debug("Could not delete claims {} in {}: {}", claims, namespace, e.getMessage());
        }
    }

    /** What the notice adds when claims went with a re-created StatefulSet. */
    static String went(List<String> claims) {
        return claims.isEmpty()
                ? ""
                : "; its claim" + (claims.size() == 1 ? " " : "s ") + String.join(", ", claims)
                        + (claims.size() == 1 ? " was" : " were") + " deleted with it, to be made again from its"
                        + " template";
    }
}
