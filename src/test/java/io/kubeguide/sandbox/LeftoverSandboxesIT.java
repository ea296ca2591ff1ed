package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.sandbox.provider.NamespaceSandboxProvider;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** A starting guide instance deletes the sandboxes of crashed instances and keeps those of running ones. */
class LeftoverSandboxesIT {

    @Test
    void crashLeftoversAreDeletedAtStartWhileALiveInstancesSandboxesStay() {
        KubernetesClient admin = SharedClusterConnection.admin();
        String crashed = "crash" + SandboxIdentity.randomInstanceId().substring(0, 4);
        String stale = "stale" + SandboxIdentity.randomInstanceId().substring(0, 4);
        String running = "alive" + SandboxIdentity.randomInstanceId().substring(0, 4);
        SandboxIdentity crashedSandbox = SandboxIdentity.next(crashed);
        SandboxIdentity staleSandbox = SandboxIdentity.next(stale);
        SandboxIdentity runningSandbox = SandboxIdentity.next(running);
        for (SandboxIdentity id : new SandboxIdentity[] {crashedSandbox, staleSandbox, runningSandbox}) {
            admin.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(id.namespace())
                            .withLabels(SandboxLabels.of(id))
                            .addToAnnotations(SandboxLabels.CLUSTER_SCOPED_KINDS, "v1/PersistentVolume")
                            .endMetadata()
                            .build())
                    .create();
        }
        admin.persistentVolumes()
                .resource(new PersistentVolumeBuilder()
                        .withNewMetadata()
                        .withName("pv-" + crashedSandbox.namespace())
                        .withLabels(SandboxLabels.of(crashedSandbox))
                        .endMetadata()
                        .withNewSpec()
                        .addToCapacity("storage", new Quantity("1Gi"))
                        .withAccessModes("ReadWriteOnce")
                        .withNewHostPath()
                        .withPath("/tmp/x")
                        .endHostPath()
                        .endSpec()
                        .build())
                .create();
        // the crashed instance has no lease; the stale one stopped renewing 10 minutes ago; the running one renews
        GuideInstances.renew(
                admin,
                stale,
                Duration.ofMinutes(2),
                ZonedDateTime.now(ZoneOffset.UTC).minusMinutes(10));
        GuideInstances.renew(admin, running, Duration.ofMinutes(2), ZonedDateTime.now(ZoneOffset.UTC));

        NamespaceSandboxProvider starting = SharedClusterConnection.provider(SandboxIdentity.randomInstanceId());
        try {
            starting.start();

            assertDeleted(admin, crashedSandbox.namespace());
            assertDeleted(admin, staleSandbox.namespace());
            assertThat(admin.persistentVolumes()
                            .withName("pv-" + crashedSandbox.namespace())
                            .get())
                    .isNull();
            Namespace kept =
                    admin.namespaces().withName(runningSandbox.namespace()).get();
            assertThat(kept).isNotNull();
            assertThat(kept.getMetadata().getDeletionTimestamp()).isNull();
            assertThat(admin.leases()
                            .inNamespace(GuideInstances.LEASE_NAMESPACE)
                            .withName(GuideInstances.leaseName(stale))
                            .get())
                    .isNull();
        } finally {
            starting.close();
            admin.namespaces().withName(runningSandbox.namespace()).delete();
            admin.leases()
                    .inNamespace(GuideInstances.LEASE_NAMESPACE)
                    .withName(GuideInstances.leaseName(running))
                    .delete();
        }
    }

    private static void assertDeleted(KubernetesClient admin, String namespace) {
        Namespace ns = admin.namespaces().withName(namespace).get();
        assertThat(ns == null || ns.getMetadata().getDeletionTimestamp() != null)
                .as("leftover namespace %s deleted", namespace)
                .isTrue();
    }
}
