package io.kubeguide;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.exercise.ExerciseCatalog;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * What the running guide exposes on its machine, as an operator starts it: the {@code embedded} provider with its own
 * control plane and an H2 file database, one learner's sandbox prepared through the JSON API. Nothing but the HTTP
 * port may listen on a network address (read with {@code ss} from iproute2, by the pids of this JVM and its child
 * processes), and keys, kubeconfigs, logs, etcd's data and the database are readable by the guide's user only.
 */
class LocalExposureIT {

    private static final Logger log = LoggerFactory.getLogger(LocalExposureIT.class);
    private static final Path WORK = Path.of("target", "local-exposure-it").toAbsolutePath();
    private static final Path EMBEDDED = WORK.resolve("embedded");
    private static final Path DATABASE = WORK.resolve("data").resolve("progress");
    private static final String EXERCISE = "services-clusterip";
    private static final Pattern PROCESS = Pattern.compile("\\(\"([^\"]*)\",pid=(\\d+),fd=\\d+\\)");

    private static ConfigurableApplicationContext app;
    private static int httpPort;

    @BeforeAll
    static void startTheGuideAndPrepareASandbox() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        // command-line arguments, as an operator gives them: they win over application.yml (server.port: 8080)
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.datasource.url=jdbc:h2:file:" + DATABASE,
                "--guide.sandbox.provider=embedded",
                "--guide.sandbox.instance-id=local-exposure-it",
                "--guide.embedded.work-dir=" + EMBEDDED,
                "--guide.embedded.start-timeout=" + System.getProperty("guide.embedded.start-timeout", "PT5M")));
        String binDir = System.getProperty("guide.embedded.bin-dir");
        if (binDir != null && !binDir.isBlank()) {
            args.add("--guide.embedded.bin-dir=" + binDir);
        }
        app = new SpringApplicationBuilder(GuideApplication.class).run(args.toArray(String[]::new));
        httpPort = ((WebServerApplicationContext) app).getWebServer().getPort();
        prepareASandboxBySubmitting(
                app.getBean(ExerciseCatalog.class).get(EXERCISE).solution());
    }

    /** The first submission prepares the learner's sandbox (503 while it is being prepared), then grades. */
    private static void prepareASandboxBySubmitting(String yaml) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpRequest submit = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/api/exercises/" + EXERCISE + "/submissions"))
                .header("Content-Type", "application/yaml")
                .timeout(Duration.ofMinutes(6))
                .POST(HttpRequest.BodyPublishers.ofString(yaml))
                .build();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(8);
        HttpResponse<String> response;
        do {
            response = http.send(submit, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 503) {
                if (response.body().contains("\"FAILED\"") || response.body().contains("\"UNAVAILABLE\"")) {
                    break; // the sandbox will not come: fail with the answer rather than wait out the deadline
                }
                Thread.sleep(1000);
            }
        } while (response.statusCode() == 503 && System.nanoTime() < deadline);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"passed\":true");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void nothingButTheHttpPortListensOnANetworkAddress() throws Exception {
        Set<Long> ours = Stream.concat(
                        Stream.of(ProcessHandle.current()),
                        ProcessHandle.current().descendants())
                .map(ProcessHandle::pid)
                .collect(Collectors.toSet());
        List<Listener> listeners = listeners().stream()
                .filter(l -> ours.stream().anyMatch(l.pids()::contains))
                .toList();
        String table = listeners.stream().map(Listener::line).collect(Collectors.joining("\n"));
        log.info(
                "TCP listeners of the guide (pid {}) and its child processes:\n{}",
                ProcessHandle.current().pid(),
                table);

        assertThat(listeners).as("the guide's HTTP port in:\n" + table).anyMatch(l -> l.port() == httpPort);
        assertThat(listeners)
                .as("the embedded API server, on loopback, in:\n" + table)
                .anyMatch(l -> l.processes().contains("kube-apiserver") && l.loopback());
        assertThat(listeners)
                .as("the embedded etcd, on loopback, in:\n" + table)
                .anyMatch(l -> l.processes().contains("etcd") && l.loopback());
        assertThat(listeners.stream()
                        .filter(l -> !l.loopback() && l.port() != httpPort)
                        .map(Listener::line))
                .as("listeners on a network address other than the HTTP port " + httpPort)
                .isEmpty();
    }

    @Test
    void keysKubeconfigsLogsAndTheDatabaseAreReadableByTheGuidesUserOnly() throws Exception {
        TreeMap<String, String> modes = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(EMBEDDED)) {
            for (Path path : walk.toList()) {
                BasicFileAttributes attributes =
                        Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS);
                String name = EMBEDDED.relativize(path).toString();
                String mode = PosixFilePermissions.toString(permissions);
                modes.put(name.isEmpty() ? "." : name, mode);
                boolean secret = name.startsWith("pki/") || name.endsWith(".kubeconfig");
                boolean ok;
                if (attributes.isDirectory()) {
                    ok = mode.equals("rwx------");
                } else if (attributes.isRegularFile()) {
                    ok = secret ? mode.equals("rw-------") : mode.substring(3).equals("------");
                } else {
                    // a unix socket (etcd's peer endpoint): connecting takes write permission
                    ok = !permissions.contains(PosixFilePermission.GROUP_WRITE)
                            && !permissions.contains(PosixFilePermission.OTHERS_WRITE);
                }
                if (!ok) {
                    wrong.add(mode + " " + name);
                }
            }
        }
        String listing = modes.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining("\n"));
        log.info("Modes in the embedded work dir {}:\n{}", EMBEDDED, listing);

        assertThat(modes)
                .as(listing)
                .containsKeys(
                        "pki/ca.key",
                        "pki/etcd-ca.key",
                        "pki/admin.key",
                        "pki/apiserver-etcd-client.key",
                        "pki/sa.key",
                        "admin.kubeconfig",
                        "kube-controller-manager.kubeconfig",
                        "logs/kube-apiserver.log",
                        "etcd");
        assertThat(wrong)
                .as("group- or world-accessible in " + EMBEDDED + " (all:\n" + listing + ")")
                .isEmpty();

        Path dbDir = DATABASE.getParent();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dbDir)))
                .as(dbDir.toString())
                .isEqualTo("rwx------");
        assertThat(dbDir.resolve("progress.mv.db")).exists();
    }

    /** One line of {@code ss -ltnpH}: a listening TCP socket and the processes holding it. */
    record Listener(String line, String host, int port, List<String> processes, List<Long> pids) {

        static Listener parse(String line) {
            String[] fields = line.trim().split("\\s+");
            String local = fields[3];
            int colon = local.lastIndexOf(':');
            String host = local.substring(0, colon).replace("[", "").replace("]", "");
            int percent = host.indexOf('%');
            host = percent < 0 ? host : host.substring(0, percent);
            List<String> processes = new ArrayList<>();
            List<Long> pids = new ArrayList<>();
            Matcher m = PROCESS.matcher(line);
            while (m.find()) {
                processes.add(m.group(1));
                pids.add(Long.parseLong(m.group(2)));
            }
            return new Listener(line.trim(), host, Integer.parseInt(local.substring(colon + 1)), processes, pids);
        }

        boolean loopback() {
            return host.startsWith("127.")
                    || host.equals("::1")
                    || host.startsWith("::ffff:127.")
                    || host.equals("localhost");
        }
    }

    private static List<Listener> listeners() throws IOException, InterruptedException {
        Process ss;
        try {
            ss = new ProcessBuilder("ss", "-ltnpH").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "ss (iproute2) is needed to list listening sockets: apt-get install " + "iproute2", e);
        }
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(ss.exitValue()).as(out).isZero();
        return out.lines().filter(l -> !l.isBlank()).map(Listener::parse).toList();
    }
}
