/**
 * Learners' sandboxes: a Kubernetes namespace of their own, fenced by the API server, prepared with the exercise's
 * setup, and taken back when idle.
 *
 * <h2>For the exercise engine</h2>
 * <pre>{@code
 * SandboxStatus status = sandboxes.open(new SandboxRequest(learnerId, exerciseId, spec.setup(),
 *         spec.serviceTypes(), clientAddress));
 *                                                           // Start pressed (a POST); never on a page view
 * SandboxStatus now = sandboxes.status(learnerId, exerciseId); // polling, pages: only reads, never starts one
 * sandboxes.ready(learnerId, exerciseId);                      // the READY sandbox for views, if any; only reads
 * try {
 *     Sandbox sandbox = sandboxes.awaitReady(request, Duration.ofSeconds(20));                     // a submission
 *     WarningCapture warnings = new WarningCapture();
 *     try (KubernetesClient learner = sandbox.learnerClient(warnings)) {   // learner's token, never admin
 *         learner.resource(object).inNamespace(sandbox.namespace()).fieldManager("learner")
 *                .forceConflicts().serverSideApply();
 *     }
 *     warnings.warnings();   // e.g. 'would violate PodSecurity "restricted:latest": ...' -> report.warnings
 *     sandbox.adminClient(); // grading reads, scoped to sandbox.namespace(); shared, do not close
 * } catch (SandboxRefusedException e) {   // a budget of sandboxes per minute is spent, or the line is full: 429
 *     e.retryAfter();
 * } catch (SandboxUnavailableException e) {
 *     e.getMessage();        // for the learner: queued (place, wait), preparing, failed (incident id), unavailable
 *     e.status();
 * }
 * sandboxes.touch(learnerId);   // any learner activity: restarts the idle timer (awaitReady and open do too)
 * sandboxes.reset(request);     // fresh namespace, setup applied again
 * sandboxes.release(learnerId); // gone, its place freed at once (cookie rotation)
 * }</pre>
 * A learner has one sandbox at a time: starting another exercise replaces it, and the old place goes to the next in
 * line at once. The parts: {@link io.kubeguide.sandbox.SandboxService} (the rules), {@code SandboxQueue} (places and
 * the bounded line), {@code IdleSweeper} (expiry, tombstones), {@code WaitEstimates}, {@code SandboxStatusWording}
 * (all the learner reads; incident ids, never internals), {@code SandboxBudget} (starts per minute and client), {@code SharedSandboxes} (the registry replicas sharing one cluster
 * keep: finding, taking over, claiming, orphans). {@link
 * io.kubeguide.sandbox.SandboxStatus#notice()} tells the learner when a dead sandbox was replaced.
 *
 * <h2>Fence</h2>
 * See {@link io.kubeguide.sandbox.SandboxFence}: Pod Security {@code baseline} enforced, {@code restricted} warned,
 * the guide's admission policies ({@link io.kubeguide.sandbox.SandboxAdmissionPolicy}: allowed images, no tokens in
 * Pods, no node pinning or host access, no {@code externalIPs}, NodePort/LoadBalancer only where the exercise needs
 * them), a default-deny NetworkPolicy, ResourceQuota, LimitRange, ServiceAccount {@code learner} bound to the guide's
 * own Role in the namespace only. The learner's token has no cluster-scoped rights at all.
 *
 * <h2>Providers</h2>
 * {@code guide.sandbox.provider}: {@code auto} (K3s when Docker answers, else embedded), {@code embedded},
 * {@code k3s}, {@code cluster} (with {@code guide.sandbox.kubeconfig}, or without one in a Pod with its ServiceAccount:
 * {@code InClusterConnection}, installed by {@code deploy/}). The provider is chosen and started in the
 * background as soon as the guide serves lessons ({@code SandboxWarmUp}, {@code guide.sandbox.warm-up.enabled}); while
 * it starts, {@link io.kubeguide.sandbox.SandboxProvider#startProgress()} says how far it is, and statuses carry it
 * ({@link io.kubeguide.sandbox.SandboxStatus#progress()}). Every sandbox object carries labels
 * {@code kubeguide.io/sandbox} and {@code kubeguide.io/instance}; each guide instance renews a Lease
 * {@code kube-system/kubeguide-instance-<id>}, and a starting instance deletes the sandboxes of instances whose lease
 * has lapsed.
 *
 * <h2>Replicas</h2>
 * On the {@code cluster} provider, {@link io.kubeguide.sandbox.DatabaseOwnership} records who has which sandbox
 * (table {@code sandbox_owner}, namespace label {@code kubeguide.io/learner} with the learner's hash), so any replica
 * finds, takes over and hands over a learner's sandbox; {@link io.kubeguide.sandbox.LearnerLocks} serialise a
 * learner's work across replicas on PostgreSQL. See {@code docs/architecture.md}, "Many guides".
 */
package io.kubeguide.sandbox;
