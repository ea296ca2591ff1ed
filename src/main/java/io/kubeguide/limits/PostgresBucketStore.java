package io.kubeguide.limits;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token buckets in PostgreSQL table {@code rate_bucket} (Flyway V3), shared by every guide replica: Bucket4j's
 * PostgreSQL backend, each take one short {@code SELECT ... FOR UPDATE} transaction. A bucket's row expires once it
 * would be full again; expired rows are deleted every minute.
 */
public final class PostgresBucketStore implements BucketStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresBucketStore.class);

    private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
    private final ScheduledExecutorService cleaner;

    public PostgresBucketStore(DataSource dataSource) {
        this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_bucket")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build();
        this.cleaner = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "rate-bucket-cleaner");
            thread.setDaemon(true);
            return thread;
        });
        cleaner.scheduleWithFixedDelay(this::removeExpired, 1, 1, TimeUnit.MINUTES);
    }

    @Override
    public Bucket bucket(String key, BucketConfiguration configuration) {
        return buckets.getProxy(key, () -> configuration);
    }

    private void removeExpired() {
        try {
            while (buckets.removeExpired(1000) == 1000) {
                // more to go
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete expired rate buckets: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        cleaner.shutdownNow();
    }
}
