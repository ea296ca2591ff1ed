package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.kubeguide.exercise.spec.ExerciseSpec.ResourceRef;
import io.kubeguide.exercise.spec.ExerciseSpec.UnchangedCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code unchanged: {kind, name, fields}}: an object of the setup keeps the fields the prompt did not ask to change.
 * Each field as the setup wrote it must still hold in the live object: values compare as Kubernetes compares them,
 * fields the API server added (defaults) are fine, lists keep their items (in any order) and gain none, and label
 * maps (selectors, labels) compare whole.
 */
final class UnchangedRule implements CheckRule {

    private static final Set<String> WHOLE_MAPS = Set.of("selector", "matchLabels", "labels", "nodeSelector");

    private final UnchangedCondition cond;
    private final String namespace;

    UnchangedRule(UnchangedCondition cond, String namespace) {
        this.cond = cond;
        this.namespace = namespace;
    }

    @Override
    public Outcome evaluate(SandboxObjects sandbox) {
        GenericKubernetesResource object = sandbox.get(new ResourceRef(cond.kind(), cond.name(), null));
        String what = cond.kind() + " " + cond.name();
        if (object == null) {
            return Outcome.failed(what + ", made by the setup, is gone; reset the sandbox to get it back");
        }
        Map<String, Object> live = PodFacts.plain(object);
        List<String> changed = new ArrayList<>();
        for (String field : cond.fields()) {
            Object before = substitute(cond.expected().get(field));
            Object now = live;
            String last = field;
            for (String key : field.split("\\.")) {
                now = now instanceof Map<?, ?> m ? m.get(key) : null;
                last = key;
            }
            if (!covers(before, now, last)) {
                changed.add(field + " is " + (now == null ? "not set" : ValueMatcher.show(now)) + " (the setup made it "
                        + ValueMatcher.show(before) + ")");
            }
        }
        return changed.isEmpty()
                ? Outcome.passed(String.join(", ", cond.fields()) + " of " + what + " are as the setup made them")
                : Outcome.failed(what + " changed: " + String.join("; ", changed));
    }

    /** Whether the live value still holds everything the setup wrote. */
    static boolean covers(Object setup, Object live, String key) {
        if (setup instanceof Map<?, ?> s) {
            if (!(live instanceof Map<?, ?> l) || WHOLE_MAPS.contains(key) && s.size() != l.size()) {
                return false;
            }
            return s.entrySet().stream()
                    .allMatch(e -> covers(e.getValue(), l.get(e.getKey()), String.valueOf(e.getKey())));
        }
        if (setup instanceof List<?> s) {
            if (!(live instanceof List<?> l) || s.size() != l.size()) {
                return false;
            }
            List<Object> unmatched = new ArrayList<>(l);
            for (Object item : s) {
                Object match = unmatched.stream()
                        .filter(u -> covers(item, u, key))
                        .findFirst()
                        .orElse(null);
                if (match == null) {
                    return false;
                }
                unmatched.remove(match);
            }
            return true;
        }
        return ValueMatcher.same(live, setup, null);
    }

    private Object substitute(Object value) {
        return value instanceof String s ? s.replace("{{namespace}}", namespace) : value;
    }

    @Override
    public List<Watched> watched() {
        return List.of(Watched.named(
                LiveSandboxObjects.apiVersion(new ResourceRef(cond.kind(), cond.name(), null)),
                cond.kind(),
                cond.name()));
    }
}
