package io.kubeguide.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
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
 * Per-client buckets are forgotten after a few idle periods, and at most 100,000 are kept.
 */
public final class ClientBudgets {

    /** Which budget refused, and when to come back. */
    public record Refusal(String what, boolean perClient, Duration retryAfter) {}

    private final String what;
    private final int perClient;
    private final Duration period;
    private final Bucket global;
    private final Cache<String, Bucket> clients;

    public ClientBudgets(String what, int total, int perClient, Duration period) {
        this.what = what;
        this.perClient = perClient;
        this.period = period;
        this.global = bucket(total, period);
        this.clients = Caffeine.newBuilder()
                .expireAfterAccess(period.multipliedBy(3))
                .maximumSize(100_000)
                .build();
    }

    /** Takes one from the client's budget and the global one; empty when allowed. */
    public Optional<Refusal> take(String client) {
        if (client != null) {
            Bucket mine = clients.get(key(client), c -> bucket(perClient, period));
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

    private static Bucket bucket(int capacity, Duration period) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(capacity)
                        .refillGreedy(capacity, period)
                        .build())
                .build();
    }
}
