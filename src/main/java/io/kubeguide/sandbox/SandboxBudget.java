package io.kubeguide.sandbox;

import io.kubeguide.limits.BucketStore;
import io.kubeguide.limits.ClientBudgets;
import io.kubeguide.limits.GuideLimits;
import java.util.Optional;

/** Sandboxes started per minute, on the whole guide and per client address ({@code guide.limits.sandboxes-*}). */
final class SandboxBudget {

    private final ClientBudgets budgets;

    SandboxBudget(GuideLimits limits, BucketStore buckets) {
        this.budgets = new ClientBudgets(
                "sandboxes",
                limits.sandboxesPerMinute(),
                limits.sandboxesPerMinutePerClient(),
                GuideLimits.PERIOD,
                buckets);
    }

    /** Takes one start from the budgets; the refusal when one is spent. */
    Optional<SandboxRefusedException> take(String client) {
        return budgets.take(client)
                .map(refusal -> new SandboxRefusedException(
                        SandboxStatusWording.tooManyStarted(refusal.retryAfter(), refusal.perClient()),
                        refusal.retryAfter()));
    }
}
