package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubeguide.content.ClasspathContentSource;
import io.kubeguide.exercise.SubmissionValidator.SubmittedObject;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.spec.ExerciseSpec.ObjectKey;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What the applier decides without a cluster: which refused updates it re-creates, what it tells the learner then,
 * and which objects it prunes. Applying itself is proven on the embedded API server ({@code ExerciseFlowIT},
 * {@code SubmissionRefusalIT}, {@code ExerciseContentIT}).
 */
class SubmissionApplierTest {

    static final ExerciseCatalog CATALOG = new ExerciseCatalog(ClasspathContentSource.packaged());
    static final ExerciseSpec CLAIM_EXERCISE = CATALOG.get("storage-fix-pending-claim");
    static final ExerciseSpec SERVICE_EXERCISE = CATALOG.get("services-fix-no-endpoints");

    static SubmittedObject object(String kind, String name) {
        return new SubmittedObject(0, null, "v1", kind, name, true, Map.of(), null);
    }

    static KubernetesClientException immutable(String field) {
        return new KubernetesClientException(new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage("field is immutable")
                .withNewDetails()
                .withCauses(new StatusCause(field, "Invalid value: x: field is immutable", "FieldValueInvalid"))
                .endDetails()
                .build());
    }

    static GenericKubernetesResource live(String name, String manager, String deletedAt) {
        return new GenericKubernetesResourceBuilder()
                .withNewMetadata()
                .withName(name)
                .withDeletionTimestamp(deletedAt)
                .withManagedFields(
                        new ManagedFieldsEntryBuilder().withManager(manager).build())
                .endMetadata()
                .build();
    }

    @Test
    void anImmutableFieldOfAKindTheLearnerMaySubmitIsReCreatedWithANotice() {
        SubmittedObject claim = object("PersistentVolumeClaim", "data");
        assertThat(SubmissionApplier.toRecreate(immutable("spec"), CLAIM_EXERCISE, claim))
                .contains(Set.of("spec"));
        assertThat(SubmissionApplier.recreatedNotice(claim, Set.of("spec")))
                .isEqualTo("PersistentVolumeClaim data was re-created: its spec cannot change in place");
    }

    @Test
    void aKindTheExerciseDoesNotAllowIsNeverReCreated() {
        assertThat(SubmissionApplier.toRecreate(
                        immutable("spec.selector"), CLAIM_EXERCISE, object("Deployment", "web")))
                .isEmpty();
    }

    @Test
    void aRefusalThatIsNotAboutImmutableFieldsIsTheLearnersToFix() {
        var invalid = new KubernetesClientException(new StatusBuilder()
                .withCode(422)
                .withReason("Invalid")
                .withMessage("spec.resources.requests.storage: Required value")
                .build());
        assertThat(SubmissionApplier.toRecreate(invalid, CLAIM_EXERCISE, object("PersistentVolumeClaim", "data")))
                .isEmpty();
    }

    @Test
    void onlyObjectsTheLearnerAppliedBeforeAndLeftOutArePruned() {
        Set<ObjectKey> submitted = Set.of(new ObjectKey("Service", "kept"));
        assertThat(SubmissionApplier.isLeftOut(
                        "Service", live("renamed-away", "learner", null), submitted, SERVICE_EXERCISE))
                .isTrue();
        assertThat(SubmissionApplier.isLeftOut("Service", live("kept", "learner", null), submitted, SERVICE_EXERCISE))
                .as("submitted again")
                .isFalse();
        assertThat(SubmissionApplier.isLeftOut(
                        "Service",
                        live("made-by-kubectl", "kubectl-client-side-apply", null),
                        submitted,
                        SERVICE_EXERCISE))
                .as("never applied by the guide for the learner")
                .isFalse();
        assertThat(SubmissionApplier.isLeftOut(
                        "Service", live("going", "learner", "2026-11-30T08:00:00Z"), submitted, SERVICE_EXERCISE))
                .as("already being deleted")
                .isFalse();
    }

    @Test
    void theSetupsObjectsAreNeverPrunedThoughTheyBelongToTheLearnersFieldManager() {
        ObjectKey setup = SERVICE_EXERCISE.setupObjects().stream()
                .filter(k -> SERVICE_EXERCISE.allows(k.kind()))
                .findFirst()
                .orElseThrow();
        assertThat(SubmissionApplier.isLeftOut(
                        setup.kind(),
                        live(setup.name(), SubmissionApplier.FIELD_MANAGER, null),
                        Set.of(),
                        SERVICE_EXERCISE))
                .isFalse();
    }
}
