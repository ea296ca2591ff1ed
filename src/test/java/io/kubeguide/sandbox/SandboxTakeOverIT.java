package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.kubeguide.logging.LogSafe;
import io.kubeguide.sandbox.provider.NamespaceSandboxProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A guide replica that crashes (no graceful stop: its lease goes, its sandboxes stay): another replica sharing the
 * registry ({@link DatabaseOwnership}, here on H2 with the real migrations) and the cluster takes over a learner's
 * ready sandbox when they come back, starts afresh where the crashed replica was still preparing one, and deletes the
 * sandboxes nobody came back for once they have been idle for the idle timeout.
 */
class SandboxTakeOverIT {

    private final List<SandboxService> services = new ArrayList<>();
    private SandboxOwnership ownership;

    @BeforeEach
    void database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:take-over-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(h2).load().migrate();
        ownership = new DatabaseOwnership(JdbcClient.create(h2));
    }

    @AfterEach
    void stop() {
        services.forEach(SandboxService::destroy);
    }

    /** A replica whose provider renews the Lease of the replica's own instance id, as the application wires it. */
    private SandboxService replica(String instanceId) {
        return replica(instanceId, SharedClusterConnection.provider(instanceId), Duration.ofMinutes(10));
    }

    private SandboxService replica(String instanceId, NamespaceSandboxProvider provider, Duration idle) {
        SandboxService service = new SandboxService(
                SandboxProperties.defaults().withInstanceId(instanceId).withIdleTimeout(idle),
                SandboxProviders.of(provider),
                ownership);
        services.add(service);
        return service;
    }

    @Test
    void afterACrashAnotherReplicaTakesOverStartsAfreshAndSweepsWhatNobodyCameBackFor() throws Exception {
        String crashedId = "crash" + SandboxIdentity.randomInstanceId().substring(0, 4);
        NamespaceSandboxProvider crashedProvider = SharedClusterConnection.provider(crashedId);
        SandboxService crashed = new SandboxService(
                SandboxProperties.defaults().withInstanceId(crashedId),
                SandboxProviders.of(crashedProvider),
                ownership);
        SandboxRequest comesBack = new SandboxRequest("learner-who-comes-back", "x", "");
        SandboxRequest never = new SandboxRequest("learner-who-never-comes-back", "x", "");
        String kept = crashed.awaitReady(comesBack, Duration.ofSeconds(60)).namespace();
        String abandoned = crashed.awaitReady(never, Duration.ofSeconds(60)).namespace();
        // mid-preparation at the crash: recorded, never made
        SandboxIdentity halfMade = SandboxIdentity.next(crashedId, Set.of(), key("learner-mid-start"));
        assertThat(ownership.claim(halfMade.learnerKey(), "x", halfMade, crashedId, null))
                .isTrue();
        crashedProvider.close(); // the crash: its lease is gone, its sandboxes and rows stay (no graceful stop)

        SandboxService survivor = replica(
                "surv" + SandboxIdentity.randomInstanceId().substring(0, 4),
                SharedClusterConnection.provider(
                        "surv" + SandboxIdentity.randomInstanceId().substring(0, 4)),
                Duration.ofSeconds(3));
        Sandbox taken = survivor.awaitReady(comesBack, Duration.ofSeconds(60));
        assertThat(taken.namespace()).as("the same sandbox, taken over").isEqualTo(kept);
        assertThat(survivor.status(comesBack.learnerId(), "x").state()).isEqualTo(SandboxState.READY);
        assertThat(ownership.find(key(comesBack.learnerId())).orElseThrow().instanceId())
                .isEqualTo(survivor.instanceId());

        Sandbox fresh = survivor.awaitReady(new SandboxRequest("learner-mid-start", "x", ""), Duration.ofSeconds(60));
        assertThat(fresh.namespace()).isNotEqualTo(halfMade.namespace());
        assertThat(ownership.find(key("learner-mid-start")).orElseThrow().namespace())
                .isEqualTo(fresh.namespace());

        await().atMost(60, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    Namespace ns = SharedClusterConnection.admin()
                            .namespaces()
                            .withName(abandoned)
                            .get();
                    assertThat(ns == null || ns.getMetadata().getDeletionTimestamp() != null)
                            .as("the abandoned sandbox %s deleted after the idle timeout", abandoned)
                            .isTrue();
                });
        assertThat(ownership.find(key(never.learnerId()))).isEmpty();
    }

    /**
     * A guide with a database of its own that merely shares the cluster never takes this guide's sandboxes over: the
     * last replica of this guide deletes them at its stop even while that other guide runs; a replica of its own
     * keeps them.
     */
    @Test
    void sandboxesAreHandedOverOnlyToReplicasSharingTheRegistry() throws Exception {
        NamespaceSandboxProvider otherGuide = SharedClusterConnection.provider(
                "othr" + SandboxIdentity.randomInstanceId().substring(0, 4));
        otherGuide.start(); // its lease is renewed: alive on the same cluster, with a registry of its own
        try {
            SandboxService first =
                    replica("frst" + SandboxIdentity.randomInstanceId().substring(0, 4));
            SandboxService second =
                    replica("scnd" + SandboxIdentity.randomInstanceId().substring(0, 4));
            first.joinReplicas();
            second.joinReplicas();
            SandboxRequest learner = new SandboxRequest("learner-across-stops", "x", "");
            String namespace = first.awaitReady(learner, Duration.ofSeconds(60)).namespace();
            second.awaitReady(new SandboxRequest("learner-of-the-second", "x", ""), Duration.ofSeconds(60));

            first.destroy();
            assertThat(SharedClusterConnection.admin()
                            .namespaces()
                            .withName(namespace)
                            .get()
                            .getMetadata()
                            .getDeletionTimestamp())
                    .as("handed over to the second replica, alive")
                    .isNull();
            assertThat(ownership.replicas()).containsExactly(second.instanceId());

            second.destroy();
            Namespace after = SharedClusterConnection.admin()
                    .namespaces()
                    .withName(namespace)
                    .get();
            assertThat(after == null || after.getMetadata().getDeletionTimestamp() != null)
                    .as("the last replica of this guide deletes it, though another guide runs on the cluster")
                    .isTrue();
            assertThat(ownership.find(key(learner.learnerId()))).isEmpty();
            assertThat(ownership.replicas()).isEmpty();
        } finally {
            otherGuide.close();
        }
    }

    private static String key(String learnerId) {
        return LogSafe.learnerKey(learnerId);
    }
}
