package io.kubeguide.sandbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of guide replicas sharing a PostgreSQL database ({@code guide.replicas.*}).
 *
 * @param lockConnections connections of the pool that holds learners' advisory locks: at most this many learners
 *                        submit at once on one replica, the others wait (32)
 * @param lockWait        longest wait for such a connection (60s)
 */
@ConfigurationProperties("guide.replicas")
public record ReplicaProperties(Integer lockConnections, Duration lockWait) {

    public ReplicaProperties {
        lockConnections = lockConnections == null ? 32 : lockConnections;
        lockWait = lockWait == null ? Duration.ofSeconds(60) : lockWait;
        if (lockConnections < 1) {
            throw new IllegalArgumentException("guide.replicas.lock-connections must be at least 1");
        }
    }
}
