package io.kubeguide.exercise;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * After a learner's claim is deleted to be re-created, the PersistentVolume reserved for it ({@code claimRef} with
 * its namespace and name, as an exercise's setup makes it) still names the OLD claim's uid and, with reclaim policy
 * Retain, stays Released: the new claim would wait forever. An administrator clears the stale uid so the volume is
 * reserved for the claim's name again; this does that, with the admin client (a learner cannot touch volumes), and
 * only for volumes reserved for that claim in the learner's own namespace.
 */
final class ReservedVolumes {

    private static final Logger log = LoggerFactory.getLogger(ReservedVolumes.class);

    private ReservedVolumes() {}

    static void release(KubernetesClient admin, String namespace, String claim) {
        try {
            for (PersistentVolume volume : admin.persistentVolumes().list().getItems()) {
                ObjectReference ref = volume.getSpec().getClaimRef();
                if (ref == null
                        || !namespace.equals(ref.getNamespace())
                        || !claim.equals(ref.getName())
                        || ref.getUid() == null) {
                    continue;
                }
                admin.persistentVolumes()
                        .withName(volume.getMetadata().getName())
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"spec\":{\"claimRef\":{\"uid\":null,\"resourceVersion\":null}}}");
            }
        } catch (KubernetesClientException e) {
            log.warn("Could not release the volume reserved for claim {} in {}: {}", claim, namespace, e.getMessage());
        }
    }
}
