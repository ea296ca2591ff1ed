package io.kubeguide.exercise;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.kubeguide.limits.ClientBudgets;
import io.kubeguide.limits.GuideLimits;
import io.kubeguide.metrics.GuideMetrics;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * At most {@code guide.exercise.rate-limit.submissions} submissions per {@code guide.exercise.rate-limit.period} and
 * learner (default 10 per 10 s), a token bucket per learner (Bucket4j), forgotten after an idle while; and at most
 * {@code guide.limits.submissions-per-minute-per-client} from one client address, every learner there together (a
 * new cookie does not make a new budget).
 */
@Component
public class SubmissionRateLimiter {

    /** Allowed, or how long to wait. */
    public record Decision(boolean allowed, Duration retryAfter, String message) {}

    private final int submissions;
    private final Duration period;
    private final Cache<String, Bucket> buckets;
    private final int perClient;
    private final ClientBudgets clients;

    public SubmissionRateLimiter(ExerciseProperties properties, GuideLimits limits) {
        int submissions = properties.rateLimit().submissions();
        Duration period = properties.rateLimit().period();
        int perClient = limits.submissionsPerMinutePerClient();
        this.perClient = perClient;
        this.clients = new ClientBudgets("submissions", Integer.MAX_VALUE, perClient, GuideLimits.PERIOD);
        this.submissions = submissions;
        this.period = period;
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(period.multipliedBy(6).plusMinutes(1))
                .maximumSize(100_000)
                .build();
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
        Bucket bucket = buckets.get(
                learnerId,
                id -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(submissions)
                                .refillGreedy(submissions, period)
                                .build())
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
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
