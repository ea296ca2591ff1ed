package io.kubeguide.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How long a learner will wait: a preparation takes the moving average of past ones ({@link PreparationTimes}); a
 * place in line frees when the held sandbox ahead expires idle (nobody can know sooner), plus a preparation.
 */
final class WaitEstimates {

    private final PreparationTimes times = new PreparationTimes();
    private final Duration idle;
    private final Supplier<Optional<String>> chosenProvider;

    WaitEstimates(Duration idle, Supplier<Optional<String>> chosenProvider) {
        this.idle = idle;
        this.chosenProvider = chosenProvider;
    }

    void record(String provider, Duration took) {
        times.record(provider, took);
    }

    /** What is left of a preparation under way, at least a second. */
    Duration remaining(LearnerSandbox preparing, Instant now) {
        Duration remaining = times.expected(preparing.provider).minus(Duration.between(preparing.preparingSince, now));
        return remaining.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : remaining;
    }

    /** Until the {@code place}-th held sandbox among {@code slots} would expire idle, plus a preparation. */
    Duration queueWait(int place, Collection<LearnerSandbox> slots, Instant now) {
        List<Instant> frees = new ArrayList<>();
        for (LearnerSandbox s : slots) {
            if (s.state == SandboxState.READY) {
                frees.add(s.lastUsed.plus(idle));
            } else if (s.state == SandboxState.PREPARING) {
                frees.add(now.plus(times.expected(s.provider)).plus(idle));
            }
        }
        String provider = chosenProvider.get().orElse(null);
        if (frees.isEmpty()) {
            return times.expected(provider);
        }
        frees.sort(null);
        int index = (place - 1) % frees.size();
        int rounds = (place - 1) / frees.size();
        Instant free = frees.get(index).plus(idle.multipliedBy(rounds));
        Duration wait = Duration.between(now, free);
        return (wait.isNegative() ? Duration.ZERO : wait).plus(times.expected(provider));
    }
}
