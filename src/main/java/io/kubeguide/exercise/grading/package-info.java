/**
 * Grading: what the checks of an exercise make of the live objects in a learner's sandbox.
 *
 * <p>{@link io.kubeguide.exercise.grading.Grader} runs the checks in order. Each check becomes one rule
 * ({@code CheckRules.of}): {@code ObjectRule} (exists, or a field by JSONPath), {@code ServicePortRule} (a Service port
 * found by number and protocol, or name, and its fields), {@code EndpointsRule} (one Service port followed through its
 * targetPort to the Pods and the EndpointSlice port of the same name), {@code SelectsRule}, {@code MountRule} (a mount
 * path and the volume behind it) and {@code UnchangedRule} (a setup object's fields as the setup wrote them). A rule
 * reads through {@code SandboxObjects} (live reads in {@code LiveSandboxObjects}; plain objects in unit tests) and
 * answers passed, failed, or pending: not yet, but the cluster may still get there. Only the {@code Grader} waits:
 * for a pending check with {@code within}, through watches on what the rule names, re-evaluating on every event.
 *
 * <p>Values compare as Kubernetes compares them ({@code ValueMatcher}): numbers as numbers, quantities by amount, DNS
 * names without a trailing dot. Checks never name list items by position: the spec parser refuses {@code [0]}.
 */
package io.kubeguide.exercise.grading;
