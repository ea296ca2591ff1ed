package io.kubeguide.exercise;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The exercises' settings ({@code guide.exercise.*}).
 *
 * @param sandboxWait how long a submission (or a check) waits for the learner's sandbox to be ready
 * @param rateLimit   submissions per learner: at most {@code submissions} per {@code period}
 */
@ConfigurationProperties("guide.exercise")
public record ExerciseProperties(
        @DefaultValue("60s") Duration sandboxWait,
        @DefaultValue RateLimit rateLimit) {

    public record RateLimit(
            @DefaultValue("10") int submissions,
            @DefaultValue("10s") Duration period) {}
}
