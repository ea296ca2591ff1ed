package io.kubeguide.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.GuideApplication;
import io.kubeguide.sandbox.embedded.SharedEmbeddedCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The terminal's speed through its real WebSocket on a running guide (embedded control plane, cluster provider):
 * the round trip of {@code kubectl get svc} on a warm sandbox (the "run" message sent to the "exit" message received,
 * i.e. Enter to the last byte), then {@code bench.learners} learners each running one command a second for
 * {@code bench.seconds}: p50/p95, refusals for load, CPU and memory of the guide and its kubectl processes. Not a
 * timed test: a measurement. Run with {@code bench/terminal.sh}; figures go to stdout and target/bench/terminal.txt.
 */
@EnabledIfSystemProperty(named = "bench", matches = "true")
class TerminalBenchmark {

    private static final int WARM = Integer.getInteger("bench.commands", 50);
    private static final int LEARNERS = Integer.getInteger("bench.learners", 50);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 30);
    private static final Path WORK = Path.of("target", "terminal-bench").toAbsolutePath();
    private final JsonMapper json = JsonMapper.builder().build();
    private final List<String> report = new ArrayList<>();

    @Test
    void roundTripsAndManyLearners() throws Exception {
        Files.createDirectories(WORK);
        Path kubeconfig = WORK.resolve("kubeconfig.yaml");
        Files.writeString(kubeconfig, SharedEmbeddedCluster.get().adminKubeconfig());
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(GuideApplication.class)
                .properties(
                        "server.port=0",
                        "spring.datasource.url=jdbc:h2:mem:terminal-bench;DB_CLOSE_DELAY=-1",
                        "guide.sandbox.provider=cluster",
                        "guide.sandbox.kubeconfig=" + kubeconfig,
                        "guide.sandbox.instance-id=terminal-bench",
                        "guide.sandbox.max-concurrent=" + (LEARNERS + 1))
                .run()) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();

            Learner one = new Learner(port, 0);
            one.run("kubectl get svc", Duration.ofMinutes(5)); // prepares the sandbox; not timed
            one.run("kubectl get svc", Duration.ofSeconds(30)); // warm
            List<Long> warm = new ArrayList<>();
            for (int i = 0; i < WARM; i++) {
                warm.add(one.run("kubectl get svc", Duration.ofSeconds(30)).millis);
            }
            line(
                    "warm round trip 'kubectl get svc' (Enter to last byte, WebSocket), n=%d: p50 %d ms, p95 %d ms,"
                            + " max %d ms",
                    WARM, pct(warm, 50), pct(warm, 95), pct(warm, 100));
            one.close();

            List<Learner> learners = new ArrayList<>();
            for (int i = 1; i <= LEARNERS; i++) {
                learners.add(new Learner(port, i));
            }
            ExecutorService pool = Executors.newFixedThreadPool(LEARNERS);
            long prep = System.nanoTime();
            List<Future<?>> ready = new ArrayList<>();
            for (Learner l : learners) {
                ready.add(pool.submit(() -> l.run("kubectl get svc", Duration.ofMinutes(10))));
            }
            for (Future<?> f : ready) {
                f.get(15, TimeUnit.MINUTES);
            }
            line(
                    "%d learners' sandboxes prepared (first command each) in %d s",
                    LEARNERS, (System.nanoTime() - prep) / 1_000_000_000L);

            ConcurrentLinkedQueue<Long> times = new ConcurrentLinkedQueue<>();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            long cpuBefore = cpuTicks();
            long start = System.nanoTime();
            MemorySampler memory = new MemorySampler();
            memory.start();
            List<Future<?>> load = new ArrayList<>();
            for (Learner l : learners) {
                load.add(pool.submit(() -> {
                    for (int s = 0; s < SECONDS; s++) {
                        long due = start + s * 1_000_000_000L + (long) (Math.random() * 1e9);
                        sleepUntil(due);
                        try {
                            Outcome o = l.run("kubectl get svc", Duration.ofSeconds(30));
                            if (o.refused) {
                                refused.incrementAndGet();
                            } else if (o.exitCode != 0) {
                                failed.incrementAndGet();
                            } else {
                                times.add(o.millis);
                            }
                        } catch (Exception e) {
                            failed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : load) {
                f.get(10, TimeUnit.MINUTES);
            }
            double wall = (System.nanoTime() - start) / 1e9;
            memory.stopSampling();
            double cores = (cpuTicks() - cpuBefore) / 100.0 / wall;
            List<Long> all = new ArrayList<>(times);
            line(
                    "%d learners x 1 command/s for %d s: %d ok, %d turned away (busy), %d failed; p50 %d ms, p95 %d ms,"
                            + " max %d ms",
                    LEARNERS,
                    SECONDS,
                    all.size(),
                    refused.get(),
                    failed.get(),
                    pct(all, 50),
                    pct(all, 95),
                    pct(all, 100));
            line(
                    "machine CPU while loaded: %.2f of %d cores busy (all processes: guide, kubectl, control plane);"
                            + " peak RSS: guide JVM %d MiB, kubectl processes %d MiB (%d at once at most)",
                    cores,
                    Runtime.getRuntime().availableProcessors(),
                    memory.peakJvm / 1024,
                    memory.peakKubectl / 1024,
                    memory.peakKubectlCount);
            pool.shutdownNow();
            for (Learner l : learners) {
                l.close();
            }
        } finally {
            Path out = Path.of("target", "bench", "terminal.txt");
            Files.createDirectories(out.getParent());
            Files.write(out, report);
        }
        assertThat(report).isNotEmpty();
    }

    private record Outcome(int exitCode, boolean refused, long millis) {}

    /** One learner's WebSocket, as the page opens it (learner cookie, CSRF token in cookie and query). */
    private final class Learner implements WebSocket.Listener, AutoCloseable {
        private final WebSocket socket;
        private final StringBuilder partial = new StringBuilder();
        private volatile CompletableFuture<Outcome> pending;
        private volatile long sent;

        Learner(int port, int n) throws Exception {
            String id = String.format("terminalbench%013d", n);
            socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .header("Cookie", "guide_learner=" + id + "; XSRF-TOKEN=bench")
                    .buildAsync(
                            URI.create("ws://localhost:" + port + "/exercises/services-clusterip/terminal?csrf=bench"),
                            this)
                    .get(30, TimeUnit.SECONDS);
        }

        synchronized Outcome run(String line, Duration timeout) throws Exception {
            pending = new CompletableFuture<>();
            sent = System.nanoTime();
            socket.sendText(json.writeValueAsString(Map.of("type", "run", "line", line)), true)
                    .get();
            return pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode m = json.readTree(partial.toString());
                partial.setLength(0);
                long millis = (System.nanoTime() - sent) / 1_000_000;
                String type = m.path("type").asString("");
                if (type.equals("exit") && pending != null) {
                    pending.complete(new Outcome(m.path("code").asInt(), false, millis));
                } else if (type.equals("refused") && pending != null) {
                    pending.complete(new Outcome(-1, true, millis));
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }

    /** Peak resident memory of this JVM and of the kubectl processes it runs, sampled every 100 ms. */
    private static final class MemorySampler extends Thread {
        volatile boolean running = true;
        long peakJvm;
        long peakKubectl;
        int peakKubectlCount;

        MemorySampler() {
            setDaemon(true);
        }

        @Override
        public void run() {
            long self = ProcessHandle.current().pid();
            while (running) {
                peakJvm = Math.max(peakJvm, rssKib(self));
                long sum = 0;
                int count = 0;
                for (long pid : ProcessHandle.current()
                        .descendants()
                        .map(ProcessHandle::pid)
                        .toList()) {
                    if (cmd(pid).endsWith("/kubectl")) {
                        sum += rssKib(pid);
                        count++;
                    }
                }
                peakKubectl = Math.max(peakKubectl, sum);
                peakKubectlCount = Math.max(peakKubectlCount, count);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stopSampling() {
            running = false;
        }
    }

    private static String cmd(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", String.valueOf(pid), "cmdline")),
                            StandardCharsets.UTF_8)
                    .split("\u0000", 2)[0];
        } catch (IOException e) {
            return "";
        }
    }

    private static long rssKib(long pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (l.startsWith("VmRSS:")) {
                    return Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return 0;
    }

    /** Busy CPU ticks (1/100 s) of the whole machine, from /proc/stat. */
    private static long cpuTicks() throws IOException {
        String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length; i++) {
            if (i != 4 && i != 5) { // idle, iowait
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }

    private static void sleepUntil(long nanos) {
        long left = nanos - System.nanoTime();
        if (left > 0) {
            try {
                Thread.sleep(left / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void line(String format, Object... args) {
        String s = String.format(format, args);
        System.out.println("[terminal-bench] " + s);
        report.add(s);
    }

    private static long pct(List<Long> values, int p) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }
}
