package io.kubeguide.terminal;

import io.fabric8.kubernetes.client.Config;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.springframework.util.FileSystemUtils;

/**
 * Runs one allowed kubectl command as a child process with an argument vector (never through a shell), with a
 * kubeconfig that holds only the learner's server, CA, short-lived token and namespace, in a fresh empty HOME and
 * working directory, a clean environment, a time limit and an output limit. Whatever happens, the process and any
 * process it started are gone when {@link #run} returns, and so is the temporary directory.
 */
public final class KubectlRunner {

    /** Threads that carry the processes' pipes (two or three per command, blocked on I/O). */
    private static final ExecutorService IO = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubectl-io");
        t.setDaemon(true);
        return t;
    });

    private final Path kubectl;
    private final long outputLimit;

    public KubectlRunner(Path kubectl, long outputLimit) {
        this.kubectl = kubectl;
        this.outputLimit = outputLimit;
    }

    public Path kubectl() {
        return kubectl;
    }

    public KubectlResult run(
            KubectlCommand command, Config learner, String stdin, OutputSink sink, RunningCommand handle) {
        if (!Files.isExecutable(kubectl)) {
            throw new RefusedCommandException("kubectl is not installed on this guide (" + kubectl + "): run"
                    + " embedded-cluster/build.sh, or set guide.terminal.kubectl.");
        }
        long start = System.nanoTime();
        Path dir = null;
        Process process = null;
        try {
            dir = Files.createTempDirectory("kubectl-");
            Path home = Files.createDirectory(dir.resolve("home"));
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.createFile(
                    kubeconfig, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(kubeconfig, kubeconfig(learner));
            List<String> argv = new ArrayList<>();
            argv.add(kubectl.toString());
            argv.addAll(command.args());
            ProcessBuilder builder = new ProcessBuilder(argv).directory(home.toFile());
            Map<String, String> env = builder.environment();
            env.clear();
            env.put("HOME", home.toString());
            env.put("KUBECONFIG", kubeconfig.toString());
            env.put("PATH", toolsPath(dir).toString());
            env.put("LANG", "C.UTF-8");
            if (command.readsStdin()) {
                builder.redirectInput(ProcessBuilder.Redirect.PIPE);
            } else {
                builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            }
            process = builder.start();
            handle.attach(process);
            Process running = process;
            if (command.readsStdin()) {
                IO.execute(() -> feed(running, stdin));
            }
            AtomicLong written = new AtomicLong();
            AtomicBoolean truncated = new AtomicBoolean();
            Future<?> out = IO.submit(() -> pump(running.getInputStream(), sink::stdout, written, truncated, running));
            Future<?> err = IO.submit(() -> pump(running.getErrorStream(), sink::stderr, written, truncated, running));
            boolean finished = process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                killTree(process);
            }
            process.waitFor();
            drained(out);
            drained(err);
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (handle.isCancelled()) {
                return new KubectlResult(KubectlResult.CANCELLED, false, true, truncated.get(), millis);
            }
            if (!finished) {
                return new KubectlResult(KubectlResult.TIMED_OUT, true, false, truncated.get(), millis);
            }
            if (truncated.get()) {
                return new KubectlResult(KubectlResult.OUTPUT_LIMIT, false, false, true, millis);
            }
            return new KubectlResult(process.exitValue(), false, false, false, millis);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kubectl: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KubectlResult(
                    KubectlResult.CANCELLED, false, true, false, (System.nanoTime() - start) / 1_000_000);
        } finally {
            if (process != null) {
                killTree(process);
            }
            deleteTree(dir);
        }
    }

    private static void drained(Future<?> pump) throws InterruptedException {
        try {
            pump.get(2, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            pump.cancel(true);
        }
    }

    /** Ends the process and everything it started (kubectl diff runs diff). */
    static void killTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private void pump(
            InputStream in, Consumer<String> sink, AtomicLong written, AtomicBoolean truncated, Process process) {
        char[] buffer = new char[8192];
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            int n;
            while ((n = reader.read(buffer)) > 0) {
                if (truncated.get()) {
                    continue; // drain
                }
                long before = written.getAndAdd(n);
                if (before + n > outputLimit) {
                    int keep = (int) Math.max(0, outputLimit - before);
                    if (keep > 0) {
                        sink.accept(new String(buffer, 0, keep));
                    }
                    if (truncated.compareAndSet(false, true)) {
                        killTree(process);
                    }
                    continue;
                }
                sink.accept(new String(buffer, 0, n));
            }
        } catch (IOException e) {
            // the process was ended: its pipes close
        }
    }

    private static void feed(Process process, String stdin) {
        try (OutputStream in = process.getOutputStream()) {
            in.write((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // kubectl ended before reading everything; its own message says why
        }
    }

    /** A PATH with only {@code diff}, which {@code kubectl diff} runs; nothing else is found by name. */
    private static Path toolsPath(Path dir) throws IOException {
        Path bin = Files.createDirectory(dir.resolve("bin"));
        for (Path diff : List.of(Path.of("/usr/bin/diff"), Path.of("/bin/diff"))) {
            if (Files.isExecutable(diff)) {
                Files.createSymbolicLink(bin.resolve("diff"), diff);
                break;
            }
        }
        return bin;
    }

    static String kubeconfig(Config learner) throws IOException {
        String ca = learner.getCaCertData();
        if ((ca == null || ca.isBlank()) && learner.getCaCertFile() != null) {
            ca = Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(learner.getCaCertFile())));
        }
        StringBuilder y = new StringBuilder();
        y.append("apiVersion: v1\nkind: Config\nclusters:\n- name: sandbox\n  cluster:\n");
        y.append("    server: ").append(quoted(learner.getMasterUrl())).append('\n');
        if (ca != null && !ca.isBlank()) {
            y.append("    certificate-authority-data: ")
                    .append(quoted(ca.trim()))
                    .append('\n');
        } else if (learner.isTrustCerts()) {
            y.append("    insecure-skip-tls-verify: true\n");
        }
        y.append("users:\n- name: learner\n  user:\n    token: ")
                .append(quoted(learner.getOauthToken()))
                .append('\n');
        y.append("contexts:\n- name: sandbox\n  context:\n    cluster: sandbox\n    user: learner\n");
        y.append("    namespace: ").append(quoted(learner.getNamespace())).append('\n');
        y.append("current-context: sandbox\n");
        return y.toString();
    }

    /** A YAML double-quoted scalar (JSON string rules are a subset). */
    private static String quoted(String s) {
        StringBuilder q = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        return q.append('"').toString();
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException ignored) {
            // best effort: what is left is in a directory of the guide's own
        }
    }
}
