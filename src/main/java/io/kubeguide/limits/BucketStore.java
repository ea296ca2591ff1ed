package io.kubeguide.limits;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * Where the guide's token buckets live (Bucket4j): in this process ({@link #inMemory()}, one guide alone, the H2
 * default) or in PostgreSQL ({@link PostgresBucketStore}), where every replica of the guide takes from the same
 * buckets, so a learner or a client address has one budget however the load balancer spreads their requests.
 */
public interface BucketStore {

    /** The bucket under {@code key}, made with {@code configuration} the first time it is asked for. */
    Bucket bucket(String key, BucketConfiguration configuration);

    /** Buckets of this process only, forgotten after 10 idle minutes (full again: never stricter), at most 200,000. */
    static BucketStore inMemory() {
        Cache<String, Bucket> buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofMinutes(10))
                .maximumSize(200_000)
                .build();
        return (key, configuration) -> buckets.get(key, k -> {
            var bucket = Bucket.builder();
            for (var limit : configuration.getBandwidths()) {
                bucket.addLimit(limit);
            }
            return bucket.build();
        });
    }
}
