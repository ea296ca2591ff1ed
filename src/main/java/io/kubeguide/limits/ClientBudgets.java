package io.kubeguide.limits;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.kubeguide.metrics.GuideMetrics;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A budget of something costly per period (Bucket4j token buckets, refilled greedily): one bucket for the whole guide
 * and one per client address. A request without an address (a test, a background task) meets the global one only.
 * The buckets live in a {@link BucketStore}: this process's memory, or PostgreSQL shared by every replica.
 */
public final class ClientBudgets {

    /** Which budget refused, and when to come back. */
    public record Refusal(String what, boolean perClient, Duration retryAfter) {}

    private final String what;
    private final BucketConfiguration perClientLimit;
    private final Bucket global;
    private final BucketStore store;

    /** Budgets in this process's memory. */
    public ClientBudgets(String what, int total, int perClient, Duration period) {
        this(what, total, perClient, period, BucketStore.inMemory());
    }

    public ClientBudgets(String what, int total, int perClient, Duration period, BucketStore store) {
        this.what = what;
        this.store = store;
        this.perClientLimit = limit(perClient, period);
        this.global = store.bucket(what + ":all", limit(total, period));
    }

    /** Takes one from the client's budget and the global one; empty when allowed. */
    public Optional<Refusal> take(String client) {
        if (client != null) {
            Bucket mine = store.bucket(what + ":client:" + key(client), perClientLimit);
            ConsumptionProbe probe = mine.tryConsumeAndReturnRemaining(1);
            if (!probe.isConsumed()) {
                return refused(new Refusal(what, true, wait(probe)));
            }
            ConsumptionProbe all = global.tryConsumeAndReturnRemaining(1);
            if (!all.isConsumed()) {
                mine.addTokens(1); // the global budget refused: this client spent nothing
                return refused(new Refusal(what, false, wait(all)));
            }
            return Optional.empty();
        }
        ConsumptionProbe all = global.tryConsumeAndReturnRemaining(1);
        return all.isConsumed() ? Optional.empty() : refused(new Refusal(what, false, wait(all)));
    }

    private static Optional<Refusal> refused(Refusal refusal) {
        GuideMetrics.refused(refusal.what() + (refusal.perClient() ? "-per-client" : ""));
        return Optional.of(refusal);
    }

    /**
     * The budget's key for an address: an IPv4 address itself; for IPv6 its /64 network, since one subscriber
     * usually holds a whole /64 and could otherwise take a fresh address for every request.
     */
    static String key(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress(); // an IP literal: no name lookup
            return bytes.length == 16 ? HexFormat.of().formatHex(bytes, 0, 8) + "::/64" : address;
        } catch (UnknownHostException e) {
            return address;
        }
    }

    private static Duration wait(ConsumptionProbe probe) {
        long millis = Duration.ofNanos(probe.getNanosToWaitForRefill()).toMillis();
        return Duration.ofSeconds(Math.max(1, (millis + 999) / 1000));
    }

    /** {@code capacity} per {@code period}, refilled greedily. */
    public static BucketConfiguration limit(int capacity, Duration period) {
        return BucketConfiguration.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(capacity)
                        .refillGreedy(capacity, period)
                        .build())
                .build();
    }
}
