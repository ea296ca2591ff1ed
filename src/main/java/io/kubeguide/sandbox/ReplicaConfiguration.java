package io.kubeguide.sandbox;

import com.zaxxer.hikari.HikariDataSource;
import io.kubeguide.database.Databases;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What guide replicas share. Sandboxes: recorded in the database when the provider is {@code cluster} (every replica
 * reaches the same namespaces); the {@code embedded} and {@code k3s} providers' sandboxes live with one guide, so
 * this replica's memory is the whole truth. Learner locks: PostgreSQL advisory locks when the database is
 * PostgreSQL, else in memory (the embedded H2 database serves one guide only).
 */
@Configuration(proxyBeanMethods = false)
class ReplicaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ReplicaConfiguration.class);

    @Bean
    SandboxOwnership sandboxOwnership(SandboxProperties sandbox, JdbcClient jdbc) {
        if (sandbox.provider() == SandboxProperties.ProviderSetting.CLUSTER) {
            log.info("Sandboxes are recorded in the database: guide replicas on this cluster share them");
            return new DatabaseOwnership(jdbc);
        }
        return SandboxOwnership.inMemory();
    }

    @Bean
    LearnerLocks learnerLocks(DataSource dataSource, ReplicaProperties replicas) {
        if (dataSource instanceof HikariDataSource pool && Databases.isPostgres(dataSource)) {
            log.info("Learners' work is serialised across guide replicas by PostgreSQL advisory locks");
            return new PostgresLearnerLocks(
                    pool.getJdbcUrl(),
                    pool.getUsername(),
                    pool.getPassword(),
                    replicas.lockConnections(),
                    replicas.lockWait());
        }
        return LearnerLocks.inMemory();
    }
}
