package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.kubeguide.sandbox.embedded.SharedEmbeddedCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Sandbox preparation on the embedded control plane: not a timed test, a measurement. Run with
 * {@code bench/sandbox.sh} (or {@code ./mvnw verify -Dit.test=SandboxBenchmark -Dbench=true -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}); figures go to stdout and {@code target/bench/sandbox.txt}.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
public class SandboxBenchmark {

    private static final int SEQUENTIAL = Integer.getInteger("bench.sequential", 30);
    private static final int WITH_SETUP = Integer.getInteger("bench.withSetup", 10);
    private static final int CONCURRENT = Integer.getInteger("bench.concurrent", 50);
    private final List<String> report = new ArrayList<>();

    @Test
    void preparationTimesAndConcurrentLearners() throws Exception {
        SharedEmbeddedCluster.get(); // started before timing
        line(
                "embedded control plane: %s, %d MiB RSS before",
                SharedEmbeddedCluster.get().serverUrl(), controlPlaneRssMiB());

        SandboxProperties properties = SandboxProperties.defaults().withMaxConcurrent(CONCURRENT + 5);
        SandboxService service = new SandboxService(
                properties, SandboxProviders.of(SharedClusterConnection.provider(properties.instanceId())));
        try {
            service.awaitReady(new SandboxRequest("warm-up", "x", ""), Duration.ofSeconds(60));

            List<Long> fenceOnly = new ArrayList<>();
            for (int i = 0; i < SEQUENTIAL; i++) {
                long t = System.nanoTime();
                service.awaitReady(new SandboxRequest("seq", "x" + i, ""), Duration.ofSeconds(60));
                fenceOnly.add(millisSince(t));
            }
            line(
                    "namespace + fence (quota, limits, SA, RoleBinding, token), sequential n=%d: p50 %d ms, p95 %d ms,"
                            + " max %d ms (goal p50 < 1000 ms)",
                    SEQUENTIAL, pct(fenceOnly, 50), pct(fenceOnly, 95), pct(fenceOnly, 100));

            List<Long> withSetup = new ArrayList<>();
            for (int i = 0; i < WITH_SETUP; i++) {
                long t = System.nanoTime();
                service.awaitReady(
                        new SandboxRequest("setup", "s" + i, SandboxLifecycleIT.SETUP), Duration.ofSeconds(120));
                withSetup.add(millisSince(t));
            }
            line(
                    "with setup (3-Pod Deployment available + PersistentVolume), sequential n=%d: p50 %d ms, p95 %d ms,"
                            + " max %d ms",
                    WITH_SETUP, pct(withSetup, 50), pct(withSetup, 95), pct(withSetup, 100));
            service.open(new SandboxRequest("seq", "done", "")); // release the last ones
            service.open(new SandboxRequest("setup", "done", ""));

            List<Long> bare = concurrently(service, "fence-only", "");
            line(
                    "%d learners at once, namespace + fence: per learner p50 %d ms, p95 %d ms, all ready in %d ms",
                    CONCURRENT, pct(each(bare), 50), pct(each(bare), 95), bare.get(bare.size() - 1));
            List<Long> concurrent = concurrently(service, "services-clusterip", SandboxLifecycleIT.SETUP);
            line(
                    "%d learners at once, each with the 3-Pod setup: per learner p50 %d ms, p95 %d ms, all ready in "
                            + "%d ms",
                    CONCURRENT,
                    pct(each(concurrent), 50),
                    pct(each(concurrent), 95),
                    concurrent.get(concurrent.size() - 1));

            int answering = 0;
            for (int i = 0; i < CONCURRENT; i++) {
                Sandbox sandbox = service.awaitReady(
                        new SandboxRequest("learner-" + i, "services-clusterip", SandboxLifecycleIT.SETUP),
                        Duration.ofSeconds(10));
                try (KubernetesClient learner = new KubernetesClientBuilder()
                        .withConfig(sandbox.learnerConfig())
                        .build()) {
                    if (learner.pods().list().getItems().size() == 3) {
                        answering++;
                    }
                }
            }
            line(
                    "held at once: %d sandboxes (%d learners' with the 3-Pod setup, %d answering their learner's token "
                            + "with their 3 Pods; goal 50); control plane RSS %d MiB",
                    service.heldCount(), CONCURRENT, answering, controlPlaneRssMiB());
            assertThat(answering).isEqualTo(CONCURRENT);
        } finally {
            long t = System.nanoTime();
            service.destroy();
            line("shutdown deleted this instance's sandboxes in %d ms", millisSince(t));
            Path out = Path.of("target", "bench", "sandbox.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, report);
        }
    }

    /** Opens {@link #CONCURRENT} learners' sandboxes at once; waiting times per learner, the last = all ready. */
    private List<Long> concurrently(SandboxService service, String exercise, String setup) throws Exception {
        ExecutorService learners = Executors.newFixedThreadPool(CONCURRENT);
        List<Future<Long>> waits = new ArrayList<>();
        long all = System.nanoTime();
        for (int i = 0; i < CONCURRENT; i++) {
            // the same learners each time: opening another exercise replaces their sandbox
            SandboxRequest request = new SandboxRequest("learner-" + i, exercise, setup);
            waits.add(learners.submit(() -> {
                long t = System.nanoTime();
                service.awaitReady(request, Duration.ofMinutes(10));
                return millisSince(t);
            }));
        }
        List<Long> times = new ArrayList<>();
        int failed = 0;
        for (Future<Long> wait : waits) {
            try {
                times.add(wait.get());
            } catch (ExecutionException e) {
                failed++;
                line("  %s failed: %s", exercise, e.getCause().getMessage());
            }
        }
        long allMillis = millisSince(all);
        learners.shutdown();
        if (failed > 0) {
            line("  %d of %d failed; pods now: %s", failed, CONCURRENT, podPhases());
        }
        Collections.sort(times);
        times.add(allMillis);
        return times;
    }

    private static List<Long> each(List<Long> timesThenAll) {
        return timesThenAll.subList(0, Math.max(1, timesThenAll.size() - 1));
    }

    private static String podPhases() {
        Map<String, Long> phases = new TreeMap<>();
        for (var pod :
                SharedClusterConnection.admin().pods().inAnyNamespace().list().getItems()) {
            phases.merge(pod.getStatus().getPhase() + "@" + pod.getSpec().getNodeName(), 1L, Long::sum);
        }
        return phases.toString();
    }

    private void line(String format, Object... args) {
        String text = String.format(format, args);
        report.add(text);
        System.out.println("[sandbox bench] " + text);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** The {@code percentile}-th of {@code values} (nearest rank); -1 for none. */
    public static long pct(List<Long> values, int percentile) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    /** Sum of the resident set sizes of the control-plane processes (etcd, apiserver, controllers, KWOK). */
    public static long controlPlaneRssMiB() throws IOException {
        long kib = 0;
        for (long pid : SharedEmbeddedCluster.get().pids().values()) {
            kib += Math.max(0, rssKiB(pid));
        }
        return kib / 1024;
    }

    /** The resident set size of a process, -1 when it is gone. */
    public static long rssKiB(long pid) throws IOException {
        Path status = Path.of("/proc", String.valueOf(pid), "status");
        if (Files.isReadable(status)) {
            for (String l : Files.readAllLines(status)) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        }
        return -1;
    }
}
