package io.kubeguide.exercise.grading;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When a waiting check can stop waiting: the controllers are done, and what it wants will not come. */
class SettledTest {

    private static PersistentVolumeClaim claim(String size, String mode) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .withNamespace("sbx")
                .endMetadata()
                .withNewSpec()
                .withStorageClassName("manual")
                .withAccessModes(mode)
                .withNewResources()
                .withRequests(Map.of("storage", new Quantity(size)))
                .endResources()
                .endSpec()
                .withNewStatus()
                .withPhase("Pending")
                .endStatus()
                .build();
    }

    /** The volume of the storage exercises: 1Gi, ReadWriteOnce, class manual, reserved for sbx/data. */
    private static FixedSandboxObjects withReservedVolume() {
        return new FixedSandboxObjects()
                .with(new PersistentVolumeBuilder()
                        .withNewMetadata()
                        .withName("data-sbx")
                        .endMetadata()
                        .withNewSpec()
                        .withStorageClassName("manual")
                        .withAccessModes("ReadWriteOnce")
                        .withCapacity(Map.of("storage", new Quantity("1Gi")))
                        .withNewClaimRef()
                        .withNamespace("sbx")
                        .withName("data")
                        .endClaimRef()
                        .endSpec()
                        .withNewStatus()
                        .withPhase("Available")
                        .endStatus()
                        .build());
    }

    @Test
    void aClaimNoVolumeCanSatisfyNeverBinds() {
        var sandbox = withReservedVolume();
        assertThat(Settled.neverBinds(FixedSandboxObjects.generic(claim("2Gi", "ReadWriteOnce")), sandbox))
                .isTrue();
        assertThat(Settled.neverBinds(FixedSandboxObjects.generic(claim("1Gi", "ReadWriteMany")), sandbox))
                .isTrue();
    }

    @Test
    void aClaimTheReservedVolumeFitsMayStillBind() {
        var sandbox = withReservedVolume();
        assertThat(Settled.neverBinds(FixedSandboxObjects.generic(claim("1Gi", "ReadWriteOnce")), sandbox))
                .isFalse();
        assertThat(Settled.neverBinds(FixedSandboxObjects.generic(claim("1073741824", "ReadWriteOnce")), sandbox))
                .isFalse();
        assertThat(Settled.neverBinds(FixedSandboxObjects.generic(claim("512Mi", "ReadWriteOnce")), sandbox))
                .isFalse();
    }

    @Test
    void theVolumeReservedForTheClaimIgnoresItsClassAsThePvControllerDoes() {
        PersistentVolumeClaim standard = claim("1Gi", "ReadWriteOnce");
        standard.getSpec().setStorageClassName("standard");
        assertThat(Settled.neverBinds(FixedSandboxObjects.generic(standard), withReservedVolume()))
                .isFalse();
    }

    @Test
    void aDeploymentIsSettledOnlyWhenItsRolloutIsComplete() {
        GenericKubernetesResource done = FixedSandboxObjects.generic(new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withGeneration(2L)
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .endSpec()
                .withNewStatus()
                .withObservedGeneration(2L)
                .withReplicas(3)
                .withUpdatedReplicas(3)
                .withReadyReplicas(3)
                .endStatus()
                .build());
        assertThat(ReplicaStatus.of(done).rolledOut()).isTrue();
        GenericKubernetesResource scaling = FixedSandboxObjects.generic(new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withGeneration(3L)
                .endMetadata()
                .withNewSpec()
                .withReplicas(4)
                .endSpec()
                .withNewStatus()
                .withObservedGeneration(2L)
                .withReplicas(3)
                .withUpdatedReplicas(3)
                .withReadyReplicas(3)
                .endStatus()
                .build());
        assertThat(ReplicaStatus.of(scaling).rolledOut()).isFalse();
    }
}
