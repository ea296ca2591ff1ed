package io.kubeguide.sandbox;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which guide instances sharing a cluster are alive, so a starting instance deletes the sandboxes of a crashed one
 * and leaves a running one's alone. Each instance holds a Lease {@code kubeguide-instance-<id>} in
 * {@code kube-system}, renewed every third of its duration; an instance whose lease is missing or older than its
 * duration is dead.
 */
public final class GuideInstances {

    private static final Logger log = LoggerFactory.getLogger(GuideInstances.class);
    public static final String LEASE_NAMESPACE = "kube-system";
    public static final String LEASE_PREFIX = "kubeguide-instance-";

    private final KubernetesClient admin;
    private final String instanceId;
    private final Duration leaseDuration;

    public GuideInstances(KubernetesClient admin, String instanceId, Duration leaseDuration) {
        this.admin = admin;
        this.instanceId = instanceId;
        this.leaseDuration = leaseDuration;
    }

    public static String leaseName(String instanceId) {
        return LEASE_PREFIX + instanceId;
    }

    /** Creates or renews this instance's lease. */
    public void renew() {
        renew(admin, instanceId, leaseDuration, ZonedDateTime.now(ZoneOffset.UTC));
    }

    /** Writes {@code instanceId}'s lease as renewed at {@code renewedAt} (tests use it to fake other instances). */
    public static void renew(
            KubernetesClient admin, String instanceId, Duration leaseDuration, ZonedDateTime renewedAt) {
        Lease lease = new LeaseBuilder()
                .withNewMetadata()
                .withName(leaseName(instanceId))
                .withNamespace(LEASE_NAMESPACE)
                .addToLabels(SandboxLabels.INSTANCE, instanceId)
                .addToLabels(SandboxLabels.MANAGED_BY, SandboxLabels.MANAGED_BY_GUIDE)
                .endMetadata()
                .withNewSpec()
                .withHolderIdentity(instanceId)
                .withLeaseDurationSeconds((int) Math.max(1, leaseDuration.toSeconds()))
                .withRenewTime(renewedAt.withNano(renewedAt.getNano() / 1000 * 1000))
                .endSpec()
                .build();
        admin.leases()
                .inNamespace(LEASE_NAMESPACE)
                .resource(lease)
                .fieldManager("guide-instance")
                .forceConflicts()
                .serverSideApply();
    }

    /** Deletes this instance's lease (clean shutdown). */
    public void retire() {
        try {
            admin.leases()
                    .inNamespace(LEASE_NAMESPACE)
                    .withName(leaseName(instanceId))
                    .delete();
        } catch (KubernetesClientException e) {
            log.debug("Could not delete lease of instance {}: {}", instanceId, e.getMessage());
        }
    }

    public boolean isAlive(String otherInstance) {
        Lease lease = admin.leases()
                .inNamespace(LEASE_NAMESPACE)
                .withName(leaseName(otherInstance))
                .get();
        return isRenewed(lease);
    }

    private boolean isRenewed(Lease lease) {
        if (lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null) {
            return false;
        }
        int seconds = lease.getSpec().getLeaseDurationSeconds() == null
                ? (int) leaseDuration.toSeconds()
                : lease.getSpec().getLeaseDurationSeconds();
        return lease.getSpec().getRenewTime().plusSeconds(seconds).isAfter(ZonedDateTime.now(ZoneOffset.UTC));
    }

    /**
     * Deletes the sandboxes (namespaces and their labelled cluster-scoped objects) of guide instances that are not
     * alive; returns the namespaces deleted.
     */
    public List<String> deleteLeftoversOfDeadInstances() {
        Map<String, List<Namespace>> byInstance = new LinkedHashMap<>();
        Set<String> liveSandboxes = new HashSet<>();
        for (Namespace ns :
                admin.namespaces().withLabel(SandboxLabels.INSTANCE).list().getItems()) {
            String owner = ns.getMetadata().getLabels().get(SandboxLabels.INSTANCE);
            liveSandboxes.add(ns.getMetadata().getLabels().get(SandboxLabels.SANDBOX));
            if (ns.getMetadata().getLabels().containsKey(SandboxLabels.LEARNER)) {
                continue; // shared by replicas: their registry hands it over or deletes it
            }
            if (!instanceId.equals(owner) && ns.getMetadata().getDeletionTimestamp() == null) {
                byInstance.computeIfAbsent(owner, k -> new ArrayList<>()).add(ns);
            }
        }
        List<String> deleted = new ArrayList<>();
        Set<String> dead = new HashSet<>();
        for (Map.Entry<String, List<Namespace>> entry : byInstance.entrySet()) {
            if (isAlive(entry.getKey())) {
                log.info(
                        "Keeping {} sandbox(es) of running guide instance {}",
                        entry.getValue().size(),
                        entry.getKey());
                continue;
            }
            dead.add(entry.getKey());
            for (Namespace ns : entry.getValue()) {
                liveSandboxes.remove(ns.getMetadata().getLabels().get(SandboxLabels.SANDBOX));
                deleteSandbox(admin, ns);
                deleted.add(ns.getMetadata().getName());
            }
        }
        // cluster-scoped objects whose namespace is already gone
        for (var pv : admin.persistentVolumes()
                .withLabel(SandboxLabels.INSTANCE)
                .list()
                .getItems()) {
            String owner = pv.getMetadata().getLabels().get(SandboxLabels.INSTANCE);
            boolean namespaceKept =
                    liveSandboxes.contains(pv.getMetadata().getLabels().get(SandboxLabels.SANDBOX));
            if (!instanceId.equals(owner) && !namespaceKept && (dead.contains(owner) || !isAlive(owner))) {
                admin.persistentVolumes().resource(pv).delete();
            }
        }
        for (String instance : dead) {
            admin.leases()
                    .inNamespace(LEASE_NAMESPACE)
                    .withName(leaseName(instance))
                    .delete();
        }
        if (!deleted.isEmpty()) {
            log.info(
                    "Deleted {} leftover sandbox namespace(s) of guide instances that are gone: {}",
                    deleted.size(),
                    deleted);
        }
        return deleted;
    }

    /** Deletes a sandbox namespace and the cluster-scoped objects recorded on it, found by its sandbox label. */
    public static void deleteSandbox(KubernetesClient admin, Namespace ns) {
        String sandboxId = ns.getMetadata().getLabels() == null
                ? null
                : ns.getMetadata().getLabels().get(SandboxLabels.SANDBOX);
        Set<String> kinds = new HashSet<>();
        kinds.add("v1/PersistentVolume");
        String recorded = ns.getMetadata().getAnnotations() == null
                ? null
                : ns.getMetadata().getAnnotations().get(SandboxLabels.CLUSTER_SCOPED_KINDS);
        if (recorded != null && !recorded.isBlank()) {
            kinds.addAll(List.of(recorded.split(",")));
        }
        if (sandboxId != null) {
            for (String kind : kinds) {
                int slash = kind.lastIndexOf('/');
                try {
                    admin.genericKubernetesResources(kind.substring(0, slash), kind.substring(slash + 1))
                            .withLabel(SandboxLabels.SANDBOX, sandboxId)
                            .delete();
                } catch (KubernetesClientException e) {
                    log.warn("Could not delete {} of sandbox {}: {}", kind, sandboxId, e.getMessage());
                }
            }
        }
        admin.namespaces().withName(ns.getMetadata().getName()).delete();
    }
}
