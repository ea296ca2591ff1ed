package io.kubeguide.exercise.grading;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.kubeguide.exercise.spec.ExerciseSpec.MountRef;
import org.junit.jupiter.api.Test;

class MountRuleTest {

    private final MountRule rule = new MountRule(new MountRef("notes", null, "/data", "data", true), true);

    private static Pod pod(PodBuilder builder) {
        return builder.withNewMetadata().withName("notes").endMetadata().build();
    }

    private static PodBuilder notes() {
        return new PodBuilder().withNewSpec().endSpec();
    }

    private static Pod withVolumes(String[][] mounts, VolumeBuilder... volumes) {
        var container = new ContainerBuilder().withName("notes");
        for (String[] m : mounts) {
            container.addToVolumeMounts(
                    new VolumeMountBuilder().withName(m[0]).withMountPath(m[1]).build());
        }
        var spec = notes().editSpec().addToContainers(container.build());
        for (VolumeBuilder v : volumes) {
            spec.addToVolumes(v.build());
        }
        return pod(spec.endSpec());
    }

    private static VolumeBuilder claim(String name, String claim) {
        return new VolumeBuilder()
                .withName(name)
                .withNewPersistentVolumeClaim()
                .withClaimName(claim)
                .endPersistentVolumeClaim();
    }

    private static VolumeBuilder emptyDir(String name) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir();
    }

    @Test
    void theClaimMountedAtDataUnderAnyNameAndInAnyOrderPasses() {
        Pod pod = withVolumes(
                new String[][] {{"scratch", "/tmp"}, {"store", "/data/"}}, emptyDir("scratch"), claim("store", "data"));
        Outcome outcome = rule.evaluate(new FixedSandboxObjects().with(pod));
        assertThat(outcome.state()).isEqualTo(Outcome.State.PASSED);
        assertThat(outcome.message()).isEqualTo("container notes mounts volume store (claim data) at /data");
    }

    @Test
    void anEmptyDirAtDataFailsEvenWhenTheClaimIsDeclared() {
        Pod pod = withVolumes(new String[][] {{"scratch", "/data"}}, claim("data", "data"), emptyDir("scratch"));
        Outcome outcome = rule.evaluate(new FixedSandboxObjects().with(pod));
        assertThat(outcome.state()).isEqualTo(Outcome.State.FAILED);
        assertThat(outcome.message())
                .isEqualTo("container notes mounts volume scratch (an emptyDir) at /data; "
                        + "expected a volume of claim data");
    }

    @Test
    void aReadOnlyMountIsNotWritable() {
        Pod pod = withVolumes(new String[][] {{"data", "/data"}}, claim("data", "data"));
        pod.getSpec().getContainers().get(0).getVolumeMounts().get(0).setReadOnly(true);
        assertThat(rule.evaluate(new FixedSandboxObjects().with(pod)).message())
                .isEqualTo("container notes mounts volume data (claim data) at /data read-only, so the Pod cannot "
                        + "write there");
    }

    @Test
    void nothingAtDataSaysWhatIsMountedInstead() {
        Pod pod = withVolumes(new String[][] {{"data", "/notes"}}, claim("data", "data"));
        assertThat(rule.evaluate(new FixedSandboxObjects().with(pod)).message())
                .isEqualTo("no container of Pod notes mounts anything at /data (it mounts data at /notes)");
    }
}
