package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubeguide.exercise.spec.ExerciseSpec.Check;
import io.kubeguide.exercise.spec.ExerciseSpec.ResourceRef;
import io.kubeguide.exercise.spec.KnownKinds;
import java.util.List;

/** {@code resource: {kind, name}}: the object exists; with a {@code path}, that field matches. */
final class ObjectRule implements CheckRule {

    private final Check check;
    private final ResourceRef ref;
    private final boolean learnerMakes;
    private final FieldMatch field;

    /** @param learnerMakes whether the learner submits this kind (then what they applied will not change) */
    ObjectRule(Check check, boolean learnerMakes, String namespace) {
        this.check = check;
        this.ref = check.resource();
        this.learnerMakes = learnerMakes;
        this.field = check.path() == null ? null : new FieldMatch(check, namespace);
    }

    @Override
    public Outcome evaluate(SandboxObjects sandbox) {
        GenericKubernetesResource object = sandbox.get(ref);
        String what = ref.kind() + " " + ref.name();
        if (object == null) {
            return Outcome.failedUnless(
                    !learnerMakes,
                    "there is no " + ref.kind() + " named " + ref.name() + " in your sandbox" + others(sandbox));
        }
        if (field == null) {
            return Outcome.passed(what + " exists");
        }
        Outcome outcome = field.apply(what, PodFacts.plain(object));
        if (outcome.state() == Outcome.State.PASSED) {
            return outcome;
        }
        boolean mayChange = check.waits() ? !Settled.isSettled(object, sandbox) : !learnerMakes;
        return Outcome.failedUnless(mayChange, outcome.message());
    }

    private String others(SandboxObjects sandbox) {
        if (KnownKinds.isClusterScoped(ref.kind())) {
            return "";
        }
        List<String> names = sandbox.names(ref);
        return names.isEmpty() ? "" : "; " + PodFacts.plural(ref.kind()) + " here: " + String.join(", ", names);
    }

    @Override
    public List<Watched> watched() {
        return List.of(Watched.named(LiveSandboxObjects.apiVersion(ref), ref.kind(), ref.name()));
    }
}
