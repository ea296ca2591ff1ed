package io.kubeguide.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.GuideApplication;
import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.sandbox.SandboxLabels;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SharedClusterConnection;
import io.kubeguide.sandbox.embedded.SharedEmbeddedCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hostile traffic against the real guide (its own Tomcat on a random loopback port, its default limits) with
 * sandboxes on the embedded control plane: page views by cookie-less strangers, a declared and a streamed 1 GiB body,
 * an internal error, learners who drop their cookie, and 200 learners submitting at once while lessons are read.
 * Bounded loops, loopback only. The figures go to the log and to {@code target/abuse-it/figures.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(OutputCaptureExtension.class)
class AbuseIT {

    private static final Logger log = LoggerFactory.getLogger(AbuseIT.class);
    private static final Path WORK = Path.of("target", "abuse-it").toAbsolutePath();
    private static final String EXERCISE = "services-clusterip";
    private static final String SUBMISSIONS = "/api/exercises/" + EXERCISE + "/submissions";
    private static final long GIB = 1024L * 1024 * 1024;
    private static final Map<String, Object> figures = Collections.synchronizedMap(new LinkedHashMap<>());

    private static ConfigurableApplicationContext app;
    private static HttpClient http;

    /** An internal failure whose message holds what must never reach a stranger: a local path and a cluster URL. */
    @RestController
    static class FailingEndpoint {
        @GetMapping("/test-only/fails")
        String fails() {
            throw new IllegalStateException("cannot read /home/guide/.kube/config from https://10.9.8.7:6443/api");
        }
    }

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(WORK);
        Path kubeconfig = WORK.resolve("kubeconfig.yaml");
        Files.writeString(kubeconfig, SharedEmbeddedCluster.get().adminKubeconfig());
        // arguments, not default properties: those would lose to application.yml
        app = new SpringApplicationBuilder(GuideApplication.class, FailingEndpoint.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--spring.datasource.url=jdbc:h2:mem:abuse-it;DB_CLOSE_DELAY=-1",
                        "--guide.sandbox.provider=cluster",
                        "--guide.sandbox.kubeconfig=" + kubeconfig,
                        "--guide.sandbox.instance-id=abuse-it");
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(); // no cookie jar
    }

    @AfterAll
    static void stop() throws IOException {
        StringBuilder text = new StringBuilder();
        figures.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        log.info("AbuseIT figures:\n{}", text);
        Files.writeString(WORK.resolve("figures.txt"), text);
        if (app != null) {
            app.close();
        }
    }

    private static int port() {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> postYaml(String yaml, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(SUBMISSIONS))
                .timeout(Duration.ofSeconds(180))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int sandboxNamespaces() {
        return SharedClusterConnection.admin()
                .namespaces()
                .withLabel(SandboxLabels.INSTANCE, "abuse-it")
                .list()
                .getItems()
                .size();
    }

    private static boolean setsLearnerCookie(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("guide_learner="));
    }

    @Test
    @Order(1)
    void fiveHundredCookieLessPageViewsCreateNoLearnerAndNoSandbox() throws Exception {
        SandboxService sandboxes = app.getBean(SandboxService.class);
        List<String> paths = new ArrayList<>(List.of("/", "/lessons/services", "/lessons/storage", "/api/exercises"));
        for (var spec : app.getBean(ExerciseCatalog.class).all()) {
            paths.addAll(List.of(
                    "/exercises/" + spec.id(),
                    "/exercises/" + spec.id() + "/panel",
                    "/exercises/" + spec.id() + "/sandbox",
                    "/api/exercises/" + spec.id() + "/sandbox",
                    "/api/exercises/" + spec.id() + "/live"));
        }
        int namespacesBefore = sandboxNamespaces();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicLong cookies = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> views = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String path = paths.get(i % paths.size());
            views.add(pool.submit(() -> {
                HttpResponse<String> r = get(path);
                statuses.computeIfAbsent(r.statusCode(), s -> new AtomicLong()).incrementAndGet();
                if (setsLearnerCookie(r)) {
                    cookies.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> view : views) {
            view.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        figures.put("page views (500, cookie-less) by status", new TreeMap<>(statuses));
        assertThat(statuses.keySet()).containsOnly(200);
        assertThat(cookies.get()).as("learner cookies issued").isZero();
        assertThat(sandboxes.heldCount()).isZero();
        assertThat(sandboxes.waitingCount()).isZero();
        assertThat(sandboxNamespaces())
                .as("sandbox namespaces on the API server")
                .isEqualTo(namespacesBefore)
                .isZero();
    }

    @Test
    @Order(2)
    void aDeclaredGibibyteIsRefusedWith413BeforeItsFirstByte() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            socket.setSoTimeout(10_000);
            long t0 = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + SUBMISSIONS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml\r\n"
                            + "Content-Length: " + GIB + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush(); // the headers only: not one byte of the body is sent
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            figures.put("declared 1 GiB: answer without a body byte sent, ms", (System.nanoTime() - t0) / 1_000_000);
            assertThat(statusLine).startsWith("HTTP/1.1 413");
            StringBuilder headers = new StringBuilder();
            int length = 0;
            for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
                headers.append(line).append('\n');
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            char[] body = new char[length];
            for (int n = 0; n < length; ) {
                n += in.read(body, n, length - n);
            }
            assertThat(headers.toString()).containsIgnoringCase("Connection: close");
            assertThat(new String(body)).contains("larger than 131,072 bytes").contains("it was not read");
        }
    }

    @Test
    @Order(3)
    void anInternalErrorShowsAnIncidentIdAndNoPathOrUrl(CapturedOutput output) throws Exception {
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(uri("/test-only/fails"))
                        .header("Accept", "text/html")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(500);
        assertThat(page.body())
                .contains("Something went wrong on our side")
                .containsPattern("Incident <code>[0-9a-f]{8}")
                .doesNotContain("/home/guide", "https://", "IllegalStateException", "/test-only/fails");
        String incident = page.body().replaceAll("(?s).*Incident <code>([0-9a-f]{8}).*", "$1");

        HttpResponse<String> api = http.send(
                HttpRequest.newBuilder(uri("/test-only/fails"))
                        .header("Accept", "application/json")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(500);
        assertThat(api.body())
                .containsPattern("\"incident\":\"[0-9a-f]{8}\"")
                .doesNotContain("/home/guide", "https://", "IllegalStateException", "\"path\"", "\"message\"");

        assertThat(output.getAll())
                .as("the log has the details under the incident id")
                .contains("Incident " + incident)
                .contains("cannot read /home/guide/.kube/config");
    }

    @Test
    @Order(4)
    void droppingTheCookieResetsNoLimitAndTheCookieIsSecureBehindATlsProxy() throws Exception {
        HttpResponse<String> behindProxy = postYaml("a: [\n", "X-Forwarded-Proto", "https");
        assertThat(behindProxy.statusCode()).isEqualTo(200);
        assertThat(behindProxy.headers().allValues("Set-Cookie"))
                .anyMatch(c -> c.startsWith("guide_learner=") && c.contains("Secure") && c.contains("HttpOnly"));

        int issued = 1;
        HttpResponse<String> last = behindProxy;
        while (issued < 40 && last.statusCode() == 200) { // a fresh cookie jar each time, the same address
            last = postYaml("a: [\n");
            issued += last.statusCode() == 200 ? 1 : 0;
        }
        figures.put("fresh cookie jars from one address answered before 429", issued);
        assertThat(last.statusCode()).isEqualTo(429);
        assertThat(issued).isEqualTo(20);
        assertThat(last.headers().firstValue("Retry-After")).isPresent();
        assertThat(last.body()).contains("Too many new learners from your network address");
    }

    @Test
    @Order(5)
    void twoHundredLearnersAtOnceAndAStreamedGibibyteLeaveLessonsAnswering() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long heapBefore = memory.getHeapMemoryUsage().getUsed();
        long heapMax = Runtime.getRuntime().maxMemory();
        AtomicLong heapPeak = new AtomicLong(heapBefore);
        AtomicBoolean flooding = new AtomicBoolean(true);
        Thread heapSampler = daemon(() -> {
            while (flooding.get()) {
                heapPeak.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                sleep(20);
            }
        });
        List<Long> lessonMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicLong lessonFailures = new AtomicLong();
        Thread reader = daemon(() -> {
            int i = 0;
            while (flooding.get()) {
                long t = System.nanoTime();
                try {
                    HttpResponse<String> r = get(i++ % 2 == 0 ? "/lessons/services" : "/lessons/storage");
                    if (r.statusCode() != 200) {
                        lessonFailures.incrementAndGet();
                    }
                } catch (Exception e) {
                    lessonFailures.incrementAndGet();
                }
                lessonMillis.add((System.nanoTime() - t) / 1_000_000);
                sleep(50);
            }
        });
        sleep(1000); // some lesson reads before the flood, as a reference

        String solution = app.getBean(ExerciseCatalog.class).get(EXERCISE).solution();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<Long> answerMillis = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> learners = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // 200 clients behind the (trusted, loopback) proxy: each its own address, so the global budgets count
            String client = "203.0." + (113 + i / 250) + "." + (i % 250);
            learners.add(daemon(() -> {
                try {
                    go.await();
                    long t = System.nanoTime();
                    HttpResponse<String> r = postYaml(solution, "X-Forwarded-For", client);
                    answerMillis.add((System.nanoTime() - t) / 1_000_000);
                    statuses.computeIfAbsent(r.statusCode(), s -> new AtomicLong())
                            .incrementAndGet();
                } catch (Exception e) {
                    statuses.computeIfAbsent(-1, s -> new AtomicLong()).incrementAndGet();
                    log.warn("A learner got no answer", e);
                }
            }));
        }
        go.countDown();
        long[] streamed = streamAGibibyte();
        for (Thread learner : learners) {
            learner.join(Duration.ofMinutes(5).toMillis());
        }
        flooding.set(false);
        reader.join(Duration.ofMinutes(1).toMillis());
        heapSampler.join(5000);
        System.gc();
        long heapAfter = memory.getHeapMemoryUsage().getUsed();

        List<Long> sorted = new ArrayList<>(lessonMillis);
        Collections.sort(sorted);
        List<Long> answers = new ArrayList<>(answerMillis);
        Collections.sort(answers);
        figures.put("200 learners at once: answers by status", new TreeMap<>(statuses));
        figures.put(
                "200 learners: answer time p50/p99/max ms",
                percentile(answers, 50) + "/" + percentile(answers, 99) + "/" + answers.get(answers.size() - 1));
        figures.put("lesson GETs during the flood: count, failures", sorted.size() + ", " + lessonFailures.get());
        figures.put(
                "lesson GETs during the flood: p50/p99/max ms",
                percentile(sorted, 50) + "/" + percentile(sorted, 99) + "/" + sorted.get(sorted.size() - 1));
        figures.put(
                "streamed 1 GiB (chunked): answer, bytes the client got out before the answer, ms",
                streamed[0] + ", " + streamed[1] + ", " + streamed[2]);
        figures.put(
                "heap MiB: before, peak during, after (GC), max",
                mib(heapBefore) + ", " + mib(heapPeak.get()) + ", " + mib(heapAfter) + ", " + mib(heapMax));
        figures.put(
                "sandboxes held after the flood, waiting",
                app.getBean(SandboxService.class).heldCount() + ", "
                        + app.getBean(SandboxService.class).waitingCount());

        assertThat(statuses.keySet())
                .as("every learner answered: graded or 429, never 5xx")
                .allMatch(code -> code == 200 || code == 429);
        assertThat(statuses.values().stream().mapToLong(AtomicLong::get).sum()).isEqualTo(200);
        // The flood comes from the same address: when its budget is already spent, the budget (charged before any
        // controller reads the body) refuses first with 429; otherwise the size limit does with 413. Either way the
        // guide stops reading early (next assertion).
        assertThat(streamed[0]).as("the streamed body's answer").isIn(413L, 429L);
        assertThat(streamed[1]).as("bytes the guide let in before closing").isLessThan(64L * 1024 * 1024);
        assertThat(heapPeak.get()).isLessThan(heapMax);
        assertThat(heapPeak.get() - heapBefore)
                .as("heap growth while a 1 GiB body streams in")
                .isLessThan(512L * 1024 * 1024);
        assertThat(lessonFailures.get()).as("lessons kept answering").isZero();
        assertThat(sorted).isNotEmpty();
    }

    /**
     * Streams a chunked body of up to 1 GiB from a generator (one 64 KiB buffer, written again and again) while
     * another thread reads the answer.
     *
     * @return status code of the answer, bytes written before the guide answered or closed, ms until the answer
     */
    private static long[] streamAGibibyte() throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port()), 5000);
            socket.setSoTimeout(120_000);
            long t0 = System.nanoTime();
            AtomicLong statusCode = new AtomicLong(-1);
            AtomicLong answeredAt = new AtomicLong();
            AtomicLong written = new AtomicLong();
            AtomicLong writtenWhenAnswered = new AtomicLong(-1);
            Thread answerReader = daemon(() -> {
                try {
                    InputStream in = socket.getInputStream();
                    StringBuilder line = new StringBuilder();
                    for (int c; (c = in.read()) != -1 && c != '\n'; ) {
                        line.append((char) c);
                    }
                    writtenWhenAnswered.set(written.get());
                    answeredAt.set(System.nanoTime());
                    String[] parts = line.toString().split(" ");
                    statusCode.set(parts.length > 1 ? Long.parseLong(parts[1]) : -1);
                } catch (IOException | NumberFormatException e) {
                    log.warn("Reading the answer to the streamed body failed", e);
                }
            });
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + SUBMISSIONS + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "key: value # filler\n".repeat(64 * 1024 / 20).getBytes(StandardCharsets.US_ASCII);
            byte[] head = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] tail = "\r\n".getBytes(StandardCharsets.US_ASCII);
            try {
                while (written.get() < GIB && statusCode.get() < 0) {
                    out.write(head);
                    out.write(chunk);
                    out.write(tail);
                    written.addAndGet(chunk.length);
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException closed) {
                // the guide answered and closed the connection: the rest is never sent
            }
            answerReader.join(Duration.ofMinutes(2).toMillis());
            long at = writtenWhenAnswered.get() >= 0 ? writtenWhenAnswered.get() : written.get();
            return new long[] {statusCode.get(), at, (answeredAt.get() - t0) / 1_000_000};
        }
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static long mib(long bytes) {
        return bytes / (1024 * 1024);
    }

    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
