package io.kubeguide.exercise;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.kubeguide.limits.BucketStore;
import io.kubeguide.limits.ClientBudgets;
import io.kubeguide.limits.GuideLimits;
import io.kubeguide.logging.LogSafe;
import io.kubeguide.metrics.GuideMetrics;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * At most {@code guide.exercise.rate-limit.submissions} submissions per {@code guide.exercise.rate-limit.period} and
 * learner (default 10 per 10 s), a token bucket per learner (Bucket4j); and at most
 * {@code guide.limits.submissions-per-minute-per-client} from one client address, every learner there together (a
 * new cookie does not make a new budget). The buckets are the {@link BucketStore}'s: shared by every replica on
 * PostgreSQL.
 */
@Component
public class SubmissionRateLimiter {

    /** Allowed, or how long to wait. */
    public record Decision(boolean allowed, Duration retryAfter, String message) {}

    private final int submissions;
    private final Duration period;
    private final BucketConfiguration perLearner;
    private final BucketStore buckets;
    private final int perClient;
    private final ClientBudgets clients;

    @Autowired
    public SubmissionRateLimiter(ExerciseProperties properties, GuideLimits limits, BucketStore buckets) {
        int submissions = properties.rateLimit().submissions();
        Duration period = properties.rateLimit().period();
        int perClient = limits.submissionsPerMinutePerClient();
        this.perClient = perClient;
        this.clients = new ClientBudgets("submissions", Integer.MAX_VALUE, perClient, GuideLimits.PERIOD, buckets);
        this.submissions = submissions;
        this.period = period;
        this.perLearner = ClientBudgets.limit(submissions, period);
        this.buckets = buckets;
    }

    /** With buckets in this process's memory. */
    public SubmissionRateLimiter(ExerciseProperties properties, GuideLimits limits) {
        this(properties, limits, BucketStore.inMemory());
    }

    /** One submission of this learner from this client address (null: none known). */
    public Decision tryAcquire(String learnerId, String client) {
        var refused = clients.take(client);
        if (refused.isPresent()) {
            long seconds = refused.get().retryAfter().toSeconds();
            return new Decision(
                    false,
                    refused.get().retryAfter(),
                    "Too many submissions from your network address: " + "at most " + perClient + " a minute. Wait "
                            + seconds + " s and submit again.");
        }
        return tryAcquire(learnerId);
    }

    private Decision tryAcquire(String learnerId) {
        // the learner's id is their cookie: the shared table gets a hash of it
        ConsumptionProbe probe = buckets.bucket("submissions:learner:" + LogSafe.learnerKey(learnerId), perLearner)
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return new Decision(true, Duration.ZERO, null);
        }
        Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill());
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        GuideMetrics.refused("submissions-per-learner");
        return new Decision(
                false,
                Duration.ofSeconds(seconds),
                "Too many submissions: at most " + submissions + " every " + period.toSeconds() + " seconds. Wait "
                        + seconds + " s and submit again.");
    }
}
