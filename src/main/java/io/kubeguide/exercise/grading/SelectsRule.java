package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.kubeguide.exercise.spec.ExerciseSpec.ResourceRef;
import io.kubeguide.exercise.spec.ExerciseSpec.SelectsCondition;
import java.util.List;
import java.util.Map;

/** {@code selects: {service, workload}}: the Service's selector matches the Pods that workload makes. */
final class SelectsRule implements CheckRule {

    private final SelectsCondition cond;

    SelectsRule(SelectsCondition cond) {
        this.cond = cond;
    }

    @Override
    public Outcome evaluate(SandboxObjects sandbox) {
        Service service = sandbox.service(cond.service());
        if (service == null) {
            return Outcome.failed("there is no Service named " + cond.service() + " in your sandbox");
        }
        ResourceRef workloadRef = cond.workload();
        GenericKubernetesResource workload = sandbox.get(workloadRef);
        String workloadName = workloadRef.kind() + " " + workloadRef.name();
        if (workload == null) {
            return Outcome.failed(workloadName + " is missing from your sandbox; reset the sandbox to get it back");
        }
        Map<String, String> selector = PodFacts.selectorOf(service);
        if (selector.isEmpty()) {
            return Outcome.failed("Service " + cond.service() + " has no selector, so it selects no Pods");
        }
        Map<String, String> templateLabels = PodFacts.templateLabels(workload);
        List<Pod> pods = sandbox.pods();
        if (templateLabels.entrySet().containsAll(selector.entrySet())) {
            int ofWorkload = PodFacts.selectedBy(templateLabels, pods).size();
            return Outcome.passed("selector " + PodFacts.show(selector) + " matches the "
                    + PodFacts.plural(ofWorkload, "Pod") + " of " + workloadName);
        }
        int matching = PodFacts.selectedBy(selector, pods).size();
        String found = "selector " + PodFacts.show(selector) + " matches " + PodFacts.plural(matching, "Pod");
        if (matching > 0) {
            found += ", none of them from " + workloadName;
        }
        return Outcome.failed(found + "; " + PodFacts.podLabelsHere(pods, templateLabels));
    }

    @Override
    public List<Watched> watched() {
        return Watched.serviceAndPods(cond.service());
    }
}
