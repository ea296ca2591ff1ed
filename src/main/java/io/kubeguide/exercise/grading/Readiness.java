package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;

/** What "ready" means for a Pod and for an endpoint, the same for grading and for the live view. */
public final class Readiness {

    private Readiness() {}

    /** The Pod's {@code Ready} condition is {@code True}. */
    public static boolean isReady(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition c : pod.getStatus().getConditions()) {
            if ("Ready".equals(c.getType())) {
                return "True".equals(c.getStatus());
            }
        }
        return false;
    }

    /** The API says: a nil ready condition means ready. */
    public static boolean isReady(Endpoint endpoint) {
        return endpoint.getConditions() == null
                || endpoint.getConditions().getReady() == null
                || endpoint.getConditions().getReady();
    }
}
