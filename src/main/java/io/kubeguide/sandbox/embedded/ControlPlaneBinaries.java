package io.kubeguide.sandbox.embedded;

import io.kubeguide.files.PrivateFiles;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * Finds the control-plane binaries, in this order: the configured directory ({@code guide.embedded.bin-dir}), the
 * versioned cache ({@code <cache-dir>/v<version>/bin}), the official release downloads verified against their
 * published SHA-256 (into the cache), a build from the upstream Go modules with {@code embedded-cluster/build.sh}
 * when {@code go} is on the PATH (into the cache).
 */
final class ControlPlaneBinaries {

    static final List<String> COMPONENTS =
            List.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok");
    /** Not run as part of the control plane: the guide's terminal runs it for learners (same version as the API). */
    static final List<String> TOOLS = List.of("kubectl");

    private static final List<String> KUBERNETES_COMPONENTS =
            List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(60);
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneBinaries.class);

    private ControlPlaneBinaries() {}

    /** The phases a start goes through from here: the binaries' download or build (when missing), then the start. */
    static List<StartPhase> plan(EmbeddedClusterProperties props) {
        List<StartPhase> plan = new ArrayList<>();
        if (props.binDir() == null && !missing(props.versionedBinDir()).isEmpty()) {
            plan.addAll(
                    props.download() && props.kwokSha256() != null ? List.of(StartPhase.DOWNLOAD) : StartPhase.BUILD);
        }
        plan.addAll(StartPhase.START);
        return plan;
    }

    static Path resolve(EmbeddedClusterProperties props, Path logDir, StartProgress progress) {
        if (props.binDir() != null) {
            Path dir = props.binDir().toAbsolutePath();
            List<String> missing = missing(dir);
            if (!missing.isEmpty()) {
                throw new EmbeddedClusterException(
                        "binaries",
                        "guide.embedded.bin-dir " + dir + " lacks the executable(s) " + String.join(", ", missing));
            }
            progress.replan(StartPhase.START);
            return dir;
        }
        Path cached = props.versionedBinDir().toAbsolutePath();
        if (missing(cached).isEmpty()) {
            progress.replan(StartPhase.START);
            return cached;
        }
        List<String> tried = new ArrayList<>();
        tried.add("not in the cache " + cached);
        if (props.download()) {
            if (props.kwokSha256() == null) {
                tried.add("download skipped: KWOK publishes no checksum, set guide.embedded.kwok-sha256 to allow it");
            } else {
                try {
                    progress.replan(plan(props));
                    download(props, cached, progress);
                    return cached;
                } catch (IOException | RuntimeException e) {
                    tried.add("download failed: " + e.getMessage());
                    log.warn("Downloading the embedded control plane failed: {}", e.getMessage());
                }
            }
        }
        if (props.build()) {
            Path script = props.buildScript() != null ? props.buildScript() : findBuildScript();
            if (!onPath("go")) {
                tried.add("build skipped: the Go toolchain (go) is not on the PATH");
            } else if (script == null || !Files.isRegularFile(script)) {
                tried.add("build skipped: embedded-cluster/build.sh not found in or above "
                        + Path.of("").toAbsolutePath() + " (set guide.embedded.build-script)");
            } else {
                progress.replan(concat(StartPhase.BUILD, StartPhase.START));
                build(script, props, logDir.resolve("build.log"), progress);
                if (missing(cached).isEmpty()) {
                    return cached;
                }
                tried.add(script + " ran but " + cached + " still lacks " + String.join(", ", missing(cached))
                        + " (the script builds the version in its go.mod)");
            }
        }
        throw new EmbeddedClusterException(
                "binaries",
                "no control plane binaries for Kubernetes v"
                        + props.kubernetesVersion() + ": " + String.join("; ", tried)
                        + ". Run embedded-cluster/build.sh or set guide.embedded.bin-dir.");
    }

    private static <T> List<T> concat(List<T> first, List<T> then) {
        return Stream.concat(first.stream(), then.stream()).toList();
    }

    static List<String> missing(Path dir) {
        return Stream.concat(COMPONENTS.stream(), TOOLS.stream())
                .filter(c -> !Files.isRegularFile(dir.resolve(c)) || !Files.isExecutable(dir.resolve(c)))
                .toList();
    }

    // ---- download ------------------------------------------------------------------------------------------------

    /** Downloads and verifies all six binaries (five components and kubectl), then moves them into {@code target}; nothing is installed on error. */
    static void download(EmbeddedClusterProperties props, Path target, StartProgress progress) throws IOException {
        String arch = goArch();
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), "download-");
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(20))
                .build();
        try {
            String k8s = "v" + props.kubernetesVersion();
            int files = KUBERNETES_COMPONENTS.size() + 2;
            for (String component : KUBERNETES_COMPONENTS) {
                progress.count(StartPhase.DOWNLOAD, KUBERNETES_COMPONENTS.indexOf(component), files);
                URI uri = child(props.releaseBaseUrl(), k8s + "/bin/linux/" + arch + "/" + component);
                String expected = firstToken(fetchText(http, URI.create(uri + ".sha256")));
                fetchVerified(http, uri, expected, staging.resolve(component));
            }
            String etcdDir = "etcd-v" + props.etcdVersion() + "-linux-" + arch;
            URI etcdRelease = child(props.etcdReleaseBaseUrl(), "v" + props.etcdVersion() + "/");
            String sums = fetchText(http, etcdRelease.resolve("SHA256SUMS"));
            String expectedTar = sums.lines()
                    .map(String::trim)
                    .filter(l -> l.endsWith(" " + etcdDir + ".tar.gz"))
                    .map(ControlPlaneBinaries::firstToken)
                    .findFirst()
                    .orElseThrow(() -> new IOException(
                            "SHA256SUMS of etcd v" + props.etcdVersion() + " has no entry for " + etcdDir + ".tar.gz"));
            progress.count(StartPhase.DOWNLOAD, files - 2, files);
            Path tarball = staging.resolve(etcdDir + ".tar.gz");
            fetchVerified(http, etcdRelease.resolve(etcdDir + ".tar.gz"), expectedTar, tarball);
            extract(tarball, etcdDir + "/etcd", staging.resolve("etcd"));
            Files.delete(tarball);
            progress.count(StartPhase.DOWNLOAD, files - 1, files);
            URI kwok = child(props.kwokReleaseBaseUrl(), "v" + props.kwokVersion() + "/kwok-linux-" + arch);
            fetchVerified(http, kwok, props.kwokSha256(), staging.resolve("kwok"));

            Files.createDirectories(target);
            for (String component :
                    Stream.concat(COMPONENTS.stream(), TOOLS.stream()).toList()) {
                Path file = staging.resolve(component);
                if (!file.toFile().setExecutable(true, false)) {
                    throw new IOException("cannot make " + file + " executable");
                }
                move(file, target.resolve(component));
            }
            log.info("Downloaded the embedded control plane v{} into {}", props.kubernetesVersion(), target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            deleteTree(staging);
        }
    }

    private static URI child(URI base, String path) {
        String b = base.toString();
        return URI.create(b.endsWith("/") ? b + path : b + "/" + path);
    }

    private static String fetchText(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        return response.body();
    }

    private static void fetchVerified(HttpClient http, URI uri, String expectedSha256, Path file)
            throws IOException, InterruptedException {
        HttpResponse<InputStream> response = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(30)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        MessageDigest sha256 = sha256();
        try (InputStream in = new DigestInputStream(response.body(), sha256);
                OutputStream out = Files.newOutputStream(file)) {
            in.transferTo(out);
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equalsIgnoreCase(expectedSha256.trim())) {
            Files.deleteIfExists(file);
            throw new IOException(
                    "SHA-256 mismatch for " + uri + ": expected " + expectedSha256.trim() + ", got " + actual);
        }
    }

    /** Extracts one regular file from a .tar.gz (ustar/GNU headers; enough for release tarballs). */
    static void extract(Path tarGz, String entryName, Path to) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(tarGz), 65536)) {
            byte[] header = new byte[512];
            String longName = null;
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) {
                    break;
                }
                String name = longName != null ? longName : text(header, 0, 100);
                longName = null;
                String prefix = text(header, 345, 155);
                if (!prefix.isEmpty() && name.equals(text(header, 0, 100))) {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(
                        text(header, 124, 12).trim().isEmpty()
                                ? "0"
                                : text(header, 124, 12).trim(),
                        8);
                char type = (char) header[156];
                long padded = (size + 511) / 512 * 512;
                if (type == 'L') {
                    byte[] raw = in.readNBytes((int) padded);
                    longName = new String(raw, 0, (int) size, StandardCharsets.UTF_8).replace("\0", "");
                    continue;
                }
                if ((type == '0' || type == '\0') && stripDot(name).equals(entryName)) {
                    try (OutputStream out = Files.newOutputStream(to)) {
                        copy(in, out, size);
                    }
                    return;
                }
                in.skipNBytes(padded);
                continue;
            }
        }
        throw new IOException(tarGz.getFileName() + " has no " + entryName);
    }

    private static void copy(InputStream in, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[65536];
        long left = size;
        while (left > 0) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException("truncated tar entry");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
    }

    private static String stripDot(String name) {
        return name.startsWith("./") ? name.substring(2) : name;
    }

    private static String text(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static String firstToken(String text) {
        String t = text.trim();
        int space = t.indexOf(' ');
        return space < 0 ? t : t.substring(0, space);
    }

    static String goArch() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> arch;
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    // ---- build ---------------------------------------------------------------------------------------------------

    /**
     * Runs the build script, its output into {@code logFile}; its progress lines ({@code @progress <phase>
     * [<done>/<total>]}) move {@code progress} on. Interrupting the calling thread ends the build.
     */
    private static void build(Path script, EmbeddedClusterProperties props, Path logFile, StartProgress progress) {
        log.info(
                "Building the embedded control plane with {} (the first build takes several minutes); log: {}",
                script,
                logFile);
        Process process = null;
        try {
            PrivateFiles.createDirectories(logFile.getParent());
            PrivateFiles.createFile(logFile);
            ProcessBuilder builder =
                    new ProcessBuilder("bash", script.toAbsolutePath().toString()).redirectErrorStream(true);
            builder.environment()
                    .put(
                            "GUIDE_EMBEDDED_CACHE",
                            props.cacheDir().toAbsolutePath().toString());
            process = builder.start();
            Thread output = copyOutput(process, logFile, progress);
            if (!process.waitFor(BUILD_TIMEOUT.toMinutes(), TimeUnit.MINUTES)) {
                end(process);
                throw new EmbeddedClusterException(
                        "build",
                        "embedded-cluster/build.sh took longer than "
                                + BUILD_TIMEOUT.toMinutes() + " min; last lines of " + logFile + ":\n"
                                + ComponentProcess.tail(logFile, 30));
            }
            output.join(TimeUnit.SECONDS.toMillis(5));
            if (process.exitValue() != 0) {
                throw new EmbeddedClusterException(
                        "build",
                        "embedded-cluster/build.sh failed (exit code " + process.exitValue() + "); last lines of "
                                + logFile + ":\n" + ComponentProcess.tail(logFile, 30));
            }
        } catch (IOException e) {
            throw new EmbeddedClusterException("build", "cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            if (process != null) {
                end(process);
            }
            Thread.currentThread().interrupt();
            throw new EmbeddedClusterException("build", "interrupted", e);
        }
    }

    /** Copies the build's output into its log, line by line, telling {@code progress} each line. */
    private static Thread copyOutput(Process process, Path logFile, StartProgress progress) {
        Thread thread = new Thread(
                () -> {
                    try (BufferedReader in = new BufferedReader(
                                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                            Writer out = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
                        String line;
                        while ((line = in.readLine()) != null) {
                            out.write(line);
                            out.write('\n');
                            out.flush();
                            progress.buildOutput(line);
                        }
                    } catch (IOException e) {
                        log.debug("Reading the build's output: {}", e.getMessage());
                    }
                },
                "embedded-cluster-build-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void end(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
    }

    static Path findBuildScript() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path script = dir.resolve("embedded-cluster/build.sh");
            if (Files.isRegularFile(script)) {
                return script;
            }
        }
        return null;
    }

    static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    static void deleteTree(Path dir) {
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException ignored) {
            // best effort: what is left is in a directory of the guide's own
        }
    }
}
