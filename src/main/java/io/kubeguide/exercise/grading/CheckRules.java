package io.kubeguide.exercise.grading;

import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.spec.ExerciseSpec.Check;

/** Builds the rule of a check: one class per kind of check. */
final class CheckRules {

    private CheckRules() {}

    static CheckRule of(Check check, ExerciseSpec spec, String namespace) {
        if (check.endpoints() != null) {
            return new EndpointsRule(check.endpoints(), spec.allows("Service"));
        }
        if (check.selects() != null) {
            return new SelectsRule(check.selects());
        }
        if (check.servicePort() != null) {
            return new ServicePortRule(check, spec.allows("Service"), namespace);
        }
        if (check.mount() != null) {
            return new MountRule(check.mount(), spec.allows("Pod"));
        }
        if (check.unchanged() != null) {
            return new UnchangedRule(check.unchanged(), namespace);
        }
        return new ObjectRule(check, spec.allows(check.resource().kind()), namespace);
    }
}
