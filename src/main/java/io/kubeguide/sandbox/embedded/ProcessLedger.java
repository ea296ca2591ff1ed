package io.kubeguide.sandbox.embedded;

import io.kubeguide.files.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns a work directory (created 0700, or narrowed to 0700 when an earlier version left it open): a file lock (one
 * cluster per work directory), and a pid file listing the component processes started there, so that the next
 * start can end what a crashed run left behind.
 * A leftover is ended only after {@code /proc/<pid>/cmdline} confirms it is a component started in this work
 * directory (its arguments name files in it), never on the pid alone.
 */
final class ProcessLedger implements AutoCloseable {

    static final String LOCK_FILE = "embedded.lock";
    static final String PID_FILE = "embedded.pids";
    static final Set<String> COMPONENTS =
            Set.of("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler", "kwok");

    private static final Logger log = LoggerFactory.getLogger(ProcessLedger.class);

    private final Path workDir;
    private final FileChannel channel;
    private final FileLock lock;

    private ProcessLedger(Path workDir, FileChannel channel, FileLock lock) {
        this.workDir = workDir;
        this.channel = channel;
        this.lock = lock;
    }

    static ProcessLedger open(Path workDir) {
        Path dir = workDir.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            PrivateFiles.ownedDirectory(dir);
            channel = PrivateFiles.open(
                    dir.resolve(LOCK_FILE), Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
            PrivateFiles.narrow(dir.resolve(LOCK_FILE)); // kept across starts: an earlier version made it 0644
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            return new ProcessLedger(dir, channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw new EmbeddedClusterException(
                    "work-dir",
                    "another embedded cluster is running in " + dir
                            + "; stop it or give this one another guide.embedded.work-dir");
        } catch (IOException e) {
            closeQuietly(channel);
            throw new EmbeddedClusterException("work-dir", "cannot use " + dir + ": " + e.getMessage(), e);
        }
    }

    Path workDir() {
        return workDir;
    }

    /** Ends the processes a previous run in this work directory left; returns their pids. */
    List<Long> endLeftovers() {
        Set<Long> candidates = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(workDir.resolve(PID_FILE), StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split("\\s+");
                if (parts.length >= 1 && parts[0].matches("\\d+")) {
                    candidates.add(Long.parseLong(parts[0]));
                }
            }
        } catch (NoSuchFileException e) {
            // first start here
        } catch (IOException e) {
            log.warn("Cannot read {}: {}", workDir.resolve(PID_FILE), e.toString());
        }
        // Also components whose pid never reached the file (a crash between start and record).
        candidates.addAll(scanProc());
        List<ProcessHandle> ending = new ArrayList<>();
        for (long pid : candidates) {
            if (pid == ProcessHandle.current().pid() || !startedHere(pid)) {
                continue;
            }
            ProcessHandle.of(pid).ifPresent(p -> {
                log.warn(
                        "Ending {} (pid {}) left running by an earlier embedded cluster in {}",
                        commandName(pid).orElse("?"),
                        pid,
                        workDir);
                p.destroy();
                ending.add(p);
            });
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        for (ProcessHandle p : ending) {
            awaitEnd(p, deadline);
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        for (ProcessHandle p : ending) {
            awaitEnd(p, System.nanoTime() + Duration.ofSeconds(5).toNanos());
        }
        clear();
        return ending.stream().map(ProcessHandle::pid).toList();
    }

    /** Appends a started component to the pid file (flushed to disk before start() goes on). */
    synchronized void record(String component, long pid) {
        try (FileChannel pids = PrivateFiles.open(
                workDir.resolve(PID_FILE),
                Set.of(
                        StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.SYNC))) {
            pids.write(StandardCharsets.UTF_8.encode(pid + " " + component + "\n"));
        } catch (IOException e) {
            throw new EmbeddedClusterException(component, "cannot record pid in " + workDir.resolve(PID_FILE), e);
        }
    }

    /** Everything stopped: forgets the pids. */
    synchronized void clear() {
        try {
            Files.deleteIfExists(workDir.resolve(PID_FILE));
        } catch (IOException e) {
            log.warn("Cannot delete {}: {}", workDir.resolve(PID_FILE), e.toString());
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            log.debug("Releasing lock", e);
        }
        closeQuietly(channel);
    }

    /** True when the process runs a component binary with an argument naming a file in this work directory. */
    boolean startedHere(long pid) {
        List<String> args = cmdline(pid);
        if (args.isEmpty()) {
            return false;
        }
        String prefix = workDir + "/";
        return args.stream().anyMatch(a -> a.contains(prefix))
                && args.stream()
                        .limit(2)
                        .map(a -> Path.of(a).getFileName())
                        .anyMatch(n -> n != null && COMPONENTS.contains(n.toString()));
    }

    private List<Long> scanProc() {
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d+"))
                    .map(Long::parseLong)
                    .filter(this::startedHere)
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    static List<String> cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < raw.length) {
                args.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
            }
            return args;
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static Optional<String> commandName(long pid) {
        List<String> args = cmdline(pid);
        return args.isEmpty()
                ? Optional.empty()
                : Optional.of(Path.of(args.get(0)).getFileName().toString());
    }

    private static void awaitEnd(ProcessHandle p, long deadlineNanos) {
        while (p.isAlive() && System.nanoTime() < deadlineNanos) {
            sleep(50);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }
}
