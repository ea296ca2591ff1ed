package io.kubeguide.replicas;

import io.kubeguide.GuideApplication;
import io.kubeguide.TestPostgres;
import io.kubeguide.files.PrivateFiles;
import io.kubeguide.sandbox.SandboxBenchmark;
import io.kubeguide.sandbox.SandboxLabels;
import io.kubeguide.sandbox.SharedClusterConnection;
import io.kubeguide.sandbox.embedded.SharedEmbeddedCluster;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Many learners across two guide replicas on one shared cluster: not a timed test, a measurement. Run with
 * {@code bench/replicas.sh}. The replicas are two JVMs of their own (so each one's memory can be read), on the
 * PostgreSQL of {@code GUIDE_TEST_PG_URL}, with the {@code cluster} provider on this JVM's embedded control plane.
 * Every learner first submits the solution of services-clusterip (which prepares their sandbox, at most
 * {@code bench.startConcurrency} at once), then, with all sandboxes held, submits {@code bench.rounds} more times,
 * each time to the other replica, after a random think time around {@code bench.thinkMillis}. Loopback only, bounded.
 * Figures: stdout and {@code target/bench/replicas.txt}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class ReplicasBenchmark {

    private static final int LEARNERS = Integer.getInteger("bench.learners", 200);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final int THINK_MILLIS = Integer.getInteger("bench.thinkMillis", 10_000);
    private static final int START_CONCURRENCY = Integer.getInteger("bench.startConcurrency", 20);
    private static final String EXERCISE = "services-clusterip";
    private static final Path WORK = Path.of("target", "bench", "replicas").toAbsolutePath();
    private static final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final List<String> report = new ArrayList<>();

    @Test
    void manyLearnersOnTwoReplicas() throws Exception {
        TestPostgres.assumeAnswers("ReplicasBenchmark");
        ReplicasIT.forgetEarlierRuns();
        Files.createDirectories(WORK);
        Path kubeconfig = WORK.resolve("kubeconfig.yaml");
        PrivateFiles.writeString(kubeconfig, SharedEmbeddedCluster.get().adminKubeconfig());
        line(
                "%d learners, %d rounds each after the first submission, think time about %d ms, at most %d sandboxes "
                        + "prepared at once; control plane RSS %d MiB before",
                LEARNERS, ROUNDS, THINK_MILLIS, START_CONCURRENCY, controlPlaneRssMiB());
        Replica a = replica("bench-a", kubeconfig);
        Replica b = replica("bench-b", kubeconfig);
        try {
            int portA = awaitUp(a), portB = awaitUp(b);
            int[] ports = {portA, portB};
            String solution = Files.readString(Path.of("content", "services", "exercises", EXERCISE + ".yaml"));
            solution = new org.yaml.snakeyaml.Yaml()
                    .<Map<String, Object>>load(solution)
                    .get("solution")
                    .toString();
            String yaml = solution;

            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            String[] cookies = new String[LEARNERS];
            List<Long> firsts = Collections.synchronizedList(new ArrayList<>());
            Semaphore starting = new Semaphore(START_CONCURRENCY);
            long t0 = System.nanoTime();
            runAll(LEARNERS, i -> {
                starting.acquire();
                try {
                    long t = System.nanoTime();
                    HttpResponse<String> r = submit(ports[i % 2], null, i, yaml);
                    firsts.add(millisSince(t));
                    count(statuses, r.statusCode());
                    cookies[i] = cookie(r);
                } finally {
                    starting.release();
                }
            });
            line(
                    "first submissions (sandbox prepared, 3-Pod setup, then graded): p50 %d ms, p95 %d ms, all in %d s;"
                            + " answers %s",
                    pct(firsts, 50), pct(firsts, 95), millisSince(t0) / 1000, new TreeMap<>(statuses));
            int held = sandboxNamespaces();
            line(
                    "sandboxes held: %d namespaces (goal %d); control plane RSS %d MiB; replica RSS A %d MiB, B %d MiB",
                    held,
                    LEARNERS,
                    controlPlaneRssMiB(),
                    rssMiB(a.process().pid()),
                    rssMiB(b.process().pid()));

            statuses.clear();
            List<Long> warm = Collections.synchronizedList(new ArrayList<>());
            t0 = System.nanoTime();
            runAll(LEARNERS, i -> {
                for (int round = 1; round <= ROUNDS; round++) {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(THINK_MILLIS / 2, THINK_MILLIS * 3L / 2));
                    if (cookies[i] == null) {
                        return;
                    }
                    long t = System.nanoTime();
                    HttpResponse<String> r = submit(ports[(i + round) % 2], cookies[i], i, yaml);
                    warm.add(millisSince(t));
                    count(statuses, r.statusCode());
                }
            });
            double seconds = millisSince(t0) / 1000.0;
            line(
                    "submission to report on held sandboxes, alternating replicas: n=%d, p50 %d ms, p95 %d ms, max %d ms"
                            + " (goal p95 < 1000 ms), %.1f submissions/s; answers %s",
                    warm.size(),
                    pct(warm, 50),
                    pct(warm, 95),
                    pct(warm, 100),
                    warm.size() / seconds,
                    new TreeMap<>(statuses));
            line(
                    "after: sandboxes %d; control plane RSS %d MiB; replica RSS A %d MiB, B %d MiB",
                    sandboxNamespaces(),
                    controlPlaneRssMiB(),
                    rssMiB(a.process().pid()),
                    rssMiB(b.process().pid()));
        } finally {
            long t = System.nanoTime();
            stop(a.process());
            stop(b.process());
            line("both replicas stopped in %d ms; sandbox namespaces left: %d", millisSince(t), sandboxNamespaces());
            Files.write(WORK.resolveSibling("replicas.txt"), report);
        }
    }

    /** A replica in a JVM of its own, on this JVM's class path; its log goes to target/bench/replicas/. */
    private Replica replica(String instanceId, Path kubeconfig) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        java,
                        "-Xmx512m",
                        "-cp",
                        guideClassPath(),
                        GuideApplication.class.getName(),
                        "--server.port=" + port,
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=" + TestPostgres.URL,
                        "--spring.datasource.username=" + TestPostgres.USER,
                        "--spring.datasource.password=" + TestPostgres.PASSWORD,
                        "--guide.sandbox.provider=cluster",
                        "--guide.sandbox.kubeconfig=" + kubeconfig,
                        "--guide.sandbox.instance-id=" + instanceId,
                        "--guide.sandbox.max-concurrent=" + (LEARNERS + 50),
                        "--guide.limits.learners-per-minute=100000",
                        "--guide.limits.sandboxes-per-minute=100000",
                        "--guide.limits.queued-sandboxes=" + LEARNERS,
                        "--logging.level.root=WARN",
                        "--logging.level.io.kubeguide=INFO")
                .redirectErrorStream(true)
                .redirectOutput(WORK.resolve(instanceId + ".log").toFile());
        Process process = builder.start();
        return new Replica(process, port);
    }

    private record Replica(Process process, int port) {}

    /**
     * This JVM's class path without the test classes and the packaged jar (failsafe puts both beside
     * target/classes: the course would be found twice), read from failsafe's manifest-only booter jar where it uses
     * one.
     */
    private static String guideClassPath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (entry.contains("surefirebooter")) {
                try (JarFile booter = new JarFile(entry)) {
                    for (String url : booter.getManifest()
                            .getMainAttributes()
                            .getValue("Class-Path")
                            .split(" ")) {
                        entries.add(Path.of(URI.create(url)).toString());
                    }
                }
            } else {
                entries.add(entry);
            }
        }
        entries.removeIf(
                e -> e.contains("test-classes") || e.matches(".*/target/kubernetes-mastery-guide-[^/]*\\.jar"));
        return String.join(File.pathSeparator, entries);
    }

    /** Waits for the replica's health endpoint; its port. */
    private static int awaitUp(Replica replica) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (!replica.process().isAlive()) {
                throw new IllegalStateException("a replica exited at start: see " + WORK);
            }
            try {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.port() + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (health.statusCode() == 200) {
                    return replica.port();
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("a replica did not come up within 3 minutes: see " + WORK);
    }

    private interface LearnerWork {
        void run(int learner) throws Exception;
    }

    private static void runAll(int learners, LearnerWork work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(learners); // a thread per learner, as a browser each
        try {
            List<Future<?>> all = new ArrayList<>();
            for (int i = 0; i < learners; i++) {
                int learner = i;
                all.add(pool.submit(() -> {
                    work.run(learner);
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get(30, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A submission; a failed exchange (connection closed, time-out) is answered as status -1, counted, not fatal. */
    private static HttpResponse<String> submit(int port, String cookie, int learner, String yaml) throws Exception {
        try {
            return send(port, cookie, learner, yaml);
        } catch (IOException e) {
            return failed(e);
        }
    }

    private static HttpResponse<String> failed(IOException e) {
        System.out.println("[replicas bench] a submission got no answer: " + e.getMessage());
        return new FailedExchange();
    }

    private static HttpResponse<String> send(int port, String cookie, int learner, String yaml) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/exercises/" + EXERCISE + "/submissions"))
                .timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/yaml")
                // each learner behind the (trusted, loopback) proxy from an address of their own
                .header("X-Forwarded-For", "198.18." + (learner / 250) + "." + (learner % 250 + 1))
                .POST(HttpRequest.BodyPublishers.ofString(yaml));
        if (cookie != null) {
            request.header("Cookie", "guide_learner=" + cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What a submission that got no answer counts as: status -1, no headers. */
    private static final class FailedExchange implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return -1;
        }

        @Override
        public HttpRequest request() {
            return null;
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return HttpHeaders.of(Map.of(), (a, b) -> true);
        }

        @Override
        public String body() {
            return "";
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return null;
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    private static String cookie(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("guide_learner="))
                .map(c -> c.substring("guide_learner=".length(), c.indexOf(';')))
                .findFirst()
                .orElse(null);
    }

    private static void count(Map<Integer, AtomicLong> statuses, int status) {
        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    }

    private static int sandboxNamespaces() {
        return (int)
                SharedClusterConnection.admin().namespaces().withLabel(SandboxLabels.LEARNER).list().getItems().stream()
                        .filter(ns -> ns.getMetadata().getDeletionTimestamp() == null)
                        .count();
    }

    private static void stop(Process replica) throws InterruptedException {
        replica.destroy(); // SIGTERM: a graceful stop
        if (!replica.waitFor(2, TimeUnit.MINUTES)) {
            replica.destroyForcibly();
        }
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        report.add(text);
        System.out.println("[replicas bench] " + text);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    private static long rssMiB(long pid) throws IOException {
        return SandboxBenchmark.rssKiB(pid) / 1024;
    }

    private static long pct(List<Long> values, int percentile) {
        return SandboxBenchmark.pct(values, percentile);
    }

    private static long controlPlaneRssMiB() throws IOException {
        return SandboxBenchmark.controlPlaneRssMiB();
    }
}
