package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kubeguide.exercise.grading.CheckRule.Watched;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.spec.ExerciseSpec.Check;
import io.kubeguide.exercise.spec.ExerciseSpec.ResourceRef;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs an exercise's checks against the live objects of a sandbox (read with admin rights, scoped to the sandbox
 * namespace), in order, each through the rule of its kind ({@link CheckRules}). A check with {@code within} whose
 * outcome is pending waits here, and only here: through watches on what its rule names, re-evaluating on every
 * event, up to its bound (counted from the start of grading). A pending outcome that cannot wait is a failure.
 */
@Component
public class Grader {

    private static final Logger log = LoggerFactory.getLogger(Grader.class);

    public List<CheckResult> grade(ExerciseSpec spec, KubernetesClient admin, String namespace) {
        Instant start = Instant.now();
        LiveSandboxObjects sandbox = new LiveSandboxObjects(admin, namespace);
        List<CheckResult> results = new ArrayList<>();
        for (Check check : spec.checks()) {
            CheckRule rule = CheckRules.of(check, spec, namespace);
            Outcome outcome;
            try {
                outcome = rule.evaluate(sandbox);
                if (outcome.isPending() && check.waits()) {
                    long t = System.nanoTime();
                    outcome = await(rule, sandbox, start.plus(check.within()));
                    log.debug(
                            "Check {} of {} waited {} ms: {}",
                            check.id(),
                            spec.id(),
                            (System.nanoTime() - t) / 1_000_000,
                            outcome.state());
                }
            } catch (KubernetesClientException e) {
                log.warn("Check {} of {} could not read the cluster: {}", check.id(), spec.id(), e.getMessage());
                outcome = Outcome.failed("The check could not read your sandbox (" + e.getCode() + "); try again");
            }
            String message = outcome.message();
            if (outcome.isPending() && check.waits()) {
                message += " (after waiting " + check.within().toSeconds() + " s)";
            }
            boolean passed = outcome.state() == Outcome.State.PASSED;
            results.add(new CheckResult(
                    check.id(), check.expect(), passed, message, passed ? null : check.hint(), spec.sectionOf(check)));
        }
        return results;
    }

    /** Re-evaluates a pending rule on every change of what it watches, until it settles or the deadline passes. */
    private static Outcome await(CheckRule rule, LiveSandboxObjects sandbox, Instant deadline) {
        Semaphore changed = new Semaphore(0);
        Watcher<GenericKubernetesResource> watcher = new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                changed.release();
            }

            @Override
            public void onClose(WatcherException cause) {
                changed.release();
            }
        };
        List<Watch> watches = new ArrayList<>();
        try {
            for (Watched w : rule.watched()) {
                watches.add(open(sandbox, w, watcher));
            }
            sandbox.forget(); // what changed between the first evaluation and the watches is seen now
            Outcome outcome = rule.evaluate(sandbox);
            while (outcome.isPending()) {
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (left <= 0 || !changed.tryAcquire(left, TimeUnit.MILLISECONDS)) {
                    sandbox.forget();
                    return rule.evaluate(sandbox);
                }
                changed.drainPermits();
                sandbox.forget();
                outcome = rule.evaluate(sandbox);
            }
            return outcome;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sandbox.forget();
            return rule.evaluate(sandbox);
        } finally {
            sandbox.forget();
            watches.forEach(Watch::close);
        }
    }

    private static Watch open(LiveSandboxObjects sandbox, Watched w, Watcher<GenericKubernetesResource> watcher) {
        var ops = sandbox.resources(new ResourceRef(w.kind(), w.name(), w.apiVersion()));
        if (w.name() != null) {
            return ops.withName(w.name()).watch(watcher);
        }
        return w.label() != null ? ops.withLabel(w.label(), w.labelValue()).watch(watcher) : ops.watch(watcher);
    }
}
