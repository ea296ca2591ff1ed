package io.kubeguide.sandbox;

import io.fabric8.kubernetes.client.Config;
import java.time.Duration;
import java.time.Instant;

/** The learner ServiceAccount's client configuration and when its token expires. */
public record LearnerCredentials(Config config, Instant expiresAt) {

    public boolean expiresWithin(Duration margin, Instant now) {
        return expiresAt != null && !now.plus(margin).isBefore(expiresAt);
    }
}
