package io.kubeguide.limits;

import io.kubeguide.database.Databases;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The budgets' buckets in PostgreSQL when the guide's database is PostgreSQL (replicas share them), else in memory
 * (the embedded H2 database serves one guide only).
 */
@Configuration(proxyBeanMethods = false)
class BucketStoreConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BucketStoreConfiguration.class);

    @Bean
    BucketStore bucketStore(DataSource dataSource) {
        if (Databases.isPostgres(dataSource)) {
            log.info("Rate budgets are shared by every guide replica (PostgreSQL table rate_bucket)");
            return new PostgresBucketStore(dataSource);
        }
        return BucketStore.inMemory();
    }
}
