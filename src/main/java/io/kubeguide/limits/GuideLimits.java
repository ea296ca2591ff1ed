package io.kubeguide.limits;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * What one guide lets strangers cost it ({@code guide.limits.*}, env {@code GUIDE_LIMITS_*}). The defaults keep one
 * 2-core machine answering lessons while anonymous traffic hammers it; raise them for a bigger machine or a cluster.
 * Budgets count per client address (behind a trusted proxy: the forwarded address) as well as globally, so a
 * dropped cookie resets nothing.
 *
 * @param requestBody                 largest request body of any endpoint (256KB); larger ones get 413 unread
 * @param submissionBody              largest body of the YAML/JSON grading API (128KB); larger ones get 413 unread
 * @param jsonNestingDepth            deepest JSON nesting accepted (32)
 * @param learnersPerMinute           new learner ids (cookies) issued per minute, all clients together (120)
 * @param learnersPerMinutePerClient  ... and per client address (20)
 * @param sandboxesPerMinute          sandboxes started (Start, first submission, reset, switch) per minute (30)
 * @param sandboxesPerMinutePerClient ... and per client address (6)
 * @param queuedSandboxes             learners waiting in line for a sandbox at most; beyond it: 429 (50)
 * @param submissionsPerMinutePerClient submissions per client address per minute, every learner there together (60)
 * @param historyPerExercise          submissions kept per learner and exercise, refused ones included (50)
 */
@ConfigurationProperties("guide.limits")
public record GuideLimits(
        DataSize requestBody,
        DataSize submissionBody,
        Integer jsonNestingDepth,
        Integer learnersPerMinute,
        Integer learnersPerMinutePerClient,
        Integer sandboxesPerMinute,
        Integer sandboxesPerMinutePerClient,
        Integer queuedSandboxes,
        Integer submissionsPerMinutePerClient,
        Integer historyPerExercise) {

    public static final Duration PERIOD = Duration.ofMinutes(1);

    public GuideLimits {
        requestBody = requestBody == null ? DataSize.ofKilobytes(256) : requestBody;
        submissionBody = submissionBody == null ? DataSize.ofKilobytes(128) : submissionBody;
        jsonNestingDepth = jsonNestingDepth == null ? 32 : jsonNestingDepth;
        learnersPerMinute = learnersPerMinute == null ? 120 : learnersPerMinute;
        learnersPerMinutePerClient = learnersPerMinutePerClient == null ? 20 : learnersPerMinutePerClient;
        sandboxesPerMinute = sandboxesPerMinute == null ? 30 : sandboxesPerMinute;
        sandboxesPerMinutePerClient = sandboxesPerMinutePerClient == null ? 6 : sandboxesPerMinutePerClient;
        queuedSandboxes = queuedSandboxes == null ? 50 : queuedSandboxes;
        submissionsPerMinutePerClient = submissionsPerMinutePerClient == null ? 60 : submissionsPerMinutePerClient;
        historyPerExercise = historyPerExercise == null ? 50 : historyPerExercise;
        for (int value : new int[] {
            jsonNestingDepth,
            learnersPerMinute,
            learnersPerMinutePerClient,
            sandboxesPerMinute,
            sandboxesPerMinutePerClient,
            submissionsPerMinutePerClient,
            historyPerExercise
        }) {
            if (value < 1) {
                throw new IllegalArgumentException("guide.limits.* must be at least 1");
            }
        }
        if (queuedSandboxes < 0) {
            throw new IllegalArgumentException("guide.limits.queued-sandboxes must not be negative");
        }
    }

    public static GuideLimits defaults() {
        return new GuideLimits(null, null, null, null, null, null, null, null, null, null);
    }

    public GuideLimits withSandboxes(int perMinute, int perMinutePerClient, int queued) {
        return new GuideLimits(
                requestBody,
                submissionBody,
                jsonNestingDepth,
                learnersPerMinute,
                learnersPerMinutePerClient,
                perMinute,
                perMinutePerClient,
                queued,
                submissionsPerMinutePerClient,
                historyPerExercise);
    }
}
