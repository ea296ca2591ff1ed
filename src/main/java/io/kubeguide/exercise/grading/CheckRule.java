package io.kubeguide.exercise.grading;

import java.util.List;

/**
 * One kind of check, built for one check of a spec ({@link CheckRules}): evaluates it on a sandbox's objects, and
 * names what to watch while it waits for the cluster.
 */
interface CheckRule {

    Outcome evaluate(SandboxObjects sandbox);

    /** The objects whose changes may settle a pending outcome. */
    List<Watched> watched();

    /**
     * Objects to watch: by name, or (name null) all of the kind, narrowed by a label when {@code label} is set.
     */
    record Watched(String apiVersion, String kind, String name, String label, String labelValue) {

        static Watched named(String apiVersion, String kind, String name) {
            return new Watched(apiVersion, kind, name, null, null);
        }

        static Watched all(String apiVersion, String kind) {
            return new Watched(apiVersion, kind, null, null, null);
        }

        static List<Watched> serviceAndPods(String service) {
            return List.of(
                    named("v1", "Service", service),
                    all("v1", "Pod"),
                    new Watched(
                            "discovery.k8s.io/v1",
                            "EndpointSlice",
                            null,
                            LiveSandboxObjects.SERVICE_NAME_LABEL,
                            service));
        }
    }
}
