package io.kubeguide.sandbox;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Moving average (exponentially weighted) of how long preparing a sandbox takes, per provider. */
final class PreparationTimes {

    private static final double WEIGHT_OF_NEWEST = 0.3;
    private static final Map<String, Duration> FIRST_GUESS = Map.of(
            SandboxProviderChoice.EMBEDDED, Duration.ofSeconds(2),
            SandboxProviderChoice.CLUSTER, Duration.ofSeconds(3),
            SandboxProviderChoice.K3S, Duration.ofSeconds(40));

    private final Map<String, Double> averageMillis = new HashMap<>();

    synchronized void record(String provider, Duration took) {
        averageMillis.merge(provider, (double) took.toMillis(), (old, now) -> old + WEIGHT_OF_NEWEST * (now - old));
    }

    synchronized Duration expected(String provider) {
        Double average = provider == null ? null : averageMillis.get(provider);
        if (average != null) {
            return Duration.ofMillis(Math.round(average));
        }
        return provider == null ? Duration.ofSeconds(5) : FIRST_GUESS.getOrDefault(provider, Duration.ofSeconds(5));
    }
}
