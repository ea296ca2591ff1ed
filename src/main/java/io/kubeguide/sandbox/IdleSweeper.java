package io.kubeguide.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Takes back sandboxes nobody uses: a READY one unused for the idle timeout, a queued, failed or unavailable one whose
 * status nobody looked at for as long. An expired sandbox leaves a tombstone (state NONE) saying why, readable for a
 * while (at least two hours), then the learner is forgotten.
 */
final class IdleSweeper implements AutoCloseable {

    private static final Duration TOMBSTONE_TIME = Duration.ofHours(2);

    private final Duration idle;
    private final ScheduledExecutorService timer;

    /** Runs {@code sweep} every quarter of the idle timeout (between 200 ms and 30 s). */
    IdleSweeper(Duration idle, Runnable sweep) {
        this.idle = idle;
        this.timer = Executors.newSingleThreadScheduledExecutor(SandboxService.daemonThreads("sandbox-idle-sweep-"));
        long period = Math.max(200, Math.min(30_000, idle.toMillis() / 4));
        timer.scheduleWithFixedDelay(sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * One sweep over the learners' slots (caller holds the service's lock): every idle slot is handed to
     * {@code discard}; those that held a sandbox are replaced by a tombstone. Old tombstones are dropped.
     *
     * @return the discarded slots
     */
    List<LearnerSandbox> sweep(Map<String, LearnerSandbox> byLearner, Instant now, Consumer<LearnerSandbox> discard) {
        List<LearnerSandbox> expired = new ArrayList<>();
        for (LearnerSandbox slot : List.copyOf(byLearner.values())) {
            if (isIdle(slot, now)) {
                expired.add(slot);
                discard.accept(slot);
                if (slot.sandbox != null) {
                    byLearner.put(slot.request.learnerId(), tombstone(slot, now));
                }
            }
        }
        Duration keep = idle.compareTo(TOMBSTONE_TIME) > 0 ? idle : TOMBSTONE_TIME;
        byLearner
                .values()
                .removeIf(s ->
                        s.state == SandboxState.NONE && s.lastSeen.plus(keep).isBefore(now));
        return expired;
    }

    private boolean isIdle(LearnerSandbox slot, Instant now) {
        return switch (slot.state) {
            case READY -> slot.lastUsed.plus(idle).isBefore(now);
            case QUEUED, FAILED, UNAVAILABLE -> slot.lastSeen.plus(idle).isBefore(now);
            default -> false;
        };
    }

    private LearnerSandbox tombstone(LearnerSandbox expired, Instant now) {
        LearnerSandbox tombstone = new LearnerSandbox(expired.request, now);
        tombstone.state = SandboxState.NONE;
        tombstone.message = SandboxStatusWording.deletedAfterIdling(idle);
        tombstone.discarded = true;
        tombstone.placeFreed = true;
        return tombstone;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
