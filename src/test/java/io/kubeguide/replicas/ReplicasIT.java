package io.kubeguide.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.GuideApplication;
import io.kubeguide.TestPostgres;
import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.files.PrivateFiles;
import io.kubeguide.logging.LogSafe;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.sandbox.SandboxLabels;
import io.kubeguide.sandbox.embedded.EmbeddedCluster;
import io.kubeguide.sandbox.embedded.EmbeddedClusterProperties;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two guide replicas in one JVM (two application contexts on two loopback ports), one PostgreSQL (the one
 * {@code .ci/run} starts: {@code GUIDE_TEST_PG_URL}/{@code _USER}/{@code _PASSWORD}, skipped visibly without it) and
 * one shared cluster (the embedded control plane, reached by the {@code cluster} provider through a kubeconfig), as
 * behind a load balancer: a learner whose requests alternate between them keeps one sandbox, one history and one rate
 * budget; when replica A stops mid-exercise they go on on B in the same sandbox; when both have stopped, no sandbox
 * namespace is left.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    static final String URL = TestPostgres.URL;
    static final String USER = TestPostgres.USER;
    static final String PASSWORD = TestPostgres.PASSWORD;
    private static final Path WORK = Path.of("target", "replicas-it").toAbsolutePath();
    private static final String EXERCISE = "services-clusterip";
    private static final String SUBMISSIONS = "/api/exercises/" + EXERCISE + "/submissions";
    // submissions per learner and minute, on both replicas together: the sandbox learner makes 6 (test 1) + 2 (test 3)
    private static final int PER_LEARNER = 10;
    private static final Pattern NAMESPACE = Pattern.compile("namespace (kg-[a-z0-9-]+)");

    private static EmbeddedCluster cluster;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** The learner of the sandbox tests, and the namespace their sandbox has. */
    private static String learner;

    private static String namespace;

    @BeforeAll
    static void start() throws Exception {
        TestPostgres.assumeAnswers("ReplicasIT");
        forgetEarlierRuns();
        Files.createDirectories(WORK);
        Path kubeconfig = WORK.resolve("kubeconfig.yaml");
        // A control plane of its own: the JVM's shared one also serves other tests' guides, whose instance Leases
        // would count as live replicas (and rightly make the last of these two hand its sandboxes over, not delete).
        cluster = EmbeddedCluster.start(EmbeddedClusterProperties.defaults()
                .withWorkDir(WORK.resolve("cluster"))
                .withStartTimeout(Duration.ofMinutes(5)));
        PrivateFiles.writeString(kubeconfig, cluster.adminKubeconfig());
        a = replica("replicas-a", kubeconfig);
        b = replica("replicas-b", kubeconfig);
    }

    /** A guide; arguments, not default properties: those lose to application.yml. */
    private static ConfigurableApplicationContext replica(String instanceId, Path kubeconfig) {
        return new SpringApplicationBuilder(GuideApplication.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=" + URL,
                        "--spring.datasource.username=" + USER,
                        "--spring.datasource.password=" + PASSWORD,
                        "--guide.sandbox.provider=cluster",
                        "--guide.sandbox.kubeconfig=" + kubeconfig,
                        "--guide.sandbox.instance-id=" + instanceId,
                        "--guide.exercise.rate-limit.submissions=" + PER_LEARNER,
                        "--guide.exercise.rate-limit.period=60s");
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext replica : new ConfigurableApplicationContext[] {a, b}) {
            if (replica != null && replica.isActive()) {
                replica.close();
            }
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aLearnerAlternatingBetweenReplicasKeepsOneSandboxAndOneHistory() throws Exception {
        String solution = a.getBean(ExerciseCatalog.class).get(EXERCISE).solution();
        HttpResponse<String> first = submit(a, null, "a: [\n"); // refused YAML: a learner, no sandbox yet
        learner = cookie(first);
        List<ConfigurableApplicationContext> turns = List.of(a, b, a, b, a);
        for (ConfigurableApplicationContext replica : turns) {
            HttpResponse<String> graded = submit(replica, learner, solution);
            assertThat(graded.statusCode()).as(graded.body()).isEqualTo(200);
            assertThat(graded.body()).contains("\"passed\":true");
            String now = namespaceSeenBy(replica);
            if (namespace == null) {
                namespace = now;
            }
            assertThat(now).as("the sandbox as %s sees it", name(replica)).isEqualTo(namespace);
            assertThat(sandboxesOf(learner))
                    .as("the learner's sandbox namespaces")
                    .containsExactly(namespace);
        }
        assertThat(namespaceSeenBy(b)).isEqualTo(namespace);
        for (ConfigurableApplicationContext replica : List.of(a, b)) {
            assertThat(replica.getBean(ProgressService.class).history(learner, EXERCISE, 50))
                    .as("history as %s reads it", name(replica))
                    .hasSize(1 + turns.size());
            assertThat(replica.getBean(ProgressService.class).isSolved(learner, EXERCISE))
                    .isTrue();
        }
    }

    @Test
    @Order(2)
    void aLearnerHasOneRateBudgetOnBothReplicas() throws Exception {
        String other = null;
        for (int i = 0; i < PER_LEARNER; i++) {
            HttpResponse<String> r = submit(i % 2 == 0 ? a : b, other, "a: [\n");
            assertThat(r.statusCode()).as("submission %d: %s", i + 1, r.body()).isEqualTo(200);
            other = other == null ? cookie(r) : other;
        }
        for (ConfigurableApplicationContext replica : List.of(a, b)) {
            HttpResponse<String> refused = submit(replica, other, "a: [\n");
            assertThat(refused.statusCode())
                    .as("one more on %s after %d on both together", name(replica), PER_LEARNER)
                    .isEqualTo(429);
            assertThat(refused.body()).contains("Too many submissions");
            assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        }
    }

    @Test
    @Order(3)
    void whenReplicaAStopsMidExerciseTheLearnerGoesOnOnBInTheSameSandbox() throws Exception {
        String solution = a.getBean(ExerciseCatalog.class).get(EXERCISE).solution();
        assertThat(submit(a, learner, solution).statusCode()).isEqualTo(200); // A serves the learner last
        a.close();
        Namespace kept = admin().namespaces().withName(namespace).get();
        assertThat(kept).as("handed over, not deleted").isNotNull();
        assertThat(kept.getMetadata().getDeletionTimestamp()).isNull();

        HttpResponse<String> onB = submit(b, learner, solution);
        assertThat(onB.statusCode()).as(onB.body()).isEqualTo(200);
        assertThat(onB.body()).contains("\"passed\":true");
        assertThat(namespaceSeenBy(b)).isEqualTo(namespace);
        assertThat(sandboxesOf(learner)).containsExactly(namespace);
        assertThat(admin().namespaces().withName(namespace).get().getMetadata().getLabels())
                .containsEntry(SandboxLabels.INSTANCE, "replicas-b");
    }

    @Test
    @Order(4)
    void whenBothHaveStoppedNoSandboxIsLeft() {
        b.close();
        await().atMost(60, TimeUnit.SECONDS)
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(admin()
                                .namespaces()
                                .withLabel(SandboxLabels.LEARNER)
                                .withLabelIn(SandboxLabels.INSTANCE, "replicas-a", "replicas-b")
                                .list()
                                .getItems()
                                .stream()
                                .filter(ns -> ns.getMetadata().getDeletionTimestamp() == null)
                                .map(ns -> ns.getMetadata().getName())
                                .toList())
                        .as("sandbox namespaces left")
                        .isEmpty());
    }

    private static HttpResponse<String> submit(ConfigurableApplicationContext replica, String learnerId, String yaml)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(replica, SUBMISSIONS))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml));
        if (learnerId != null) {
            request.header("Cookie", "guide_learner=" + learnerId);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The namespace in the sandbox status the replica answers (it only reads: it starts nothing). */
    private static String namespaceSeenBy(ConfigurableApplicationContext replica) throws Exception {
        HttpResponse<String> status = http.send(
                HttpRequest.newBuilder(uri(replica, "/api/exercises/" + EXERCISE + "/sandbox"))
                        .header("Cookie", "guide_learner=" + learner)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(status.body()).contains("\"state\":\"READY\"");
        Matcher m = NAMESPACE.matcher(status.body());
        assertThat(m.find()).as(status.body()).isTrue();
        return m.group(1);
    }

    /** The learner's sandbox namespaces on the cluster, found by the hash of their id. */
    private static List<String> sandboxesOf(String learnerId) {
        return admin()
                .namespaces()
                .withLabel(SandboxLabels.LEARNER, LogSafe.learnerKey(learnerId))
                .list()
                .getItems()
                .stream()
                .filter(ns -> ns.getMetadata().getDeletionTimestamp() == null)
                .map(ns -> ns.getMetadata().getName())
                .toList();
    }

    private static String cookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("guide_learner="))
                .map(c -> c.substring("guide_learner=".length(), c.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no learner cookie in " + response.headers()));
    }

    private static URI uri(ConfigurableApplicationContext replica, String path) {
        int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static String name(ConfigurableApplicationContext replica) {
        return replica == a ? "replica A" : "replica B";
    }

    private static KubernetesClient admin() {
        return cluster.adminClient();
    }

    /** Rows an earlier, interrupted run left in the shared database (its namespaces went with its cluster). */
    static void forgetEarlierRuns() throws SQLException {
        try (Connection c = TestPostgres.connect();
                Statement s = c.createStatement()) {
            if (c.getMetaData().getTables(null, null, "sandbox_owner", null).next()) {
                s.execute("DELETE FROM sandbox_owner");
            }
            if (c.getMetaData().getTables(null, null, "rate_bucket", null).next()) {
                s.execute("DELETE FROM rate_bucket");
            }
        }
    }
}
