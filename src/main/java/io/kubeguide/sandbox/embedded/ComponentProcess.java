package io.kubeguide.sandbox.embedded;

import io.kubeguide.files.PrivateFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One control-plane component running as a child process, its output in a log file of its own. */
final class ComponentProcess {

    private static final int TAIL_LINES = 30;
    private static final int TAIL_BYTES = 64 * 1024;

    private final String name;
    private final Process process;
    private final Path logFile;

    private ComponentProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    static ComponentProcess start(String name, Path binary, List<String> args, Path logFile, Path workDir) {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        try {
            // Logs can quote tokens and object contents: created private before the child writes to them.
            PrivateFiles.createDirectories(logFile.getParent());
            PrivateFiles.createFile(logFile);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            // Components must not pick up the user's cluster through KUBECONFIG.
            builder.environment().remove("KUBECONFIG");
            return new ComponentProcess(name, builder.start(), logFile);
        } catch (IOException e) {
            throw new EmbeddedClusterException(name, "cannot start " + binary + ": " + e.getMessage(), e);
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** Sends SIGTERM. */
    void terminate() {
        process.destroy();
    }

    /** Waits for the process to end, then kills it; true when it ended on its own within the grace time. */
    boolean awaitOrKill(Duration grace) {
        try {
            if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                return true;
            }
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** The error for a component that died or never got ready: names it and quotes the tail of its log. */
    EmbeddedClusterException failure(String what) {
        String status = process.isAlive() ? "" : " (exit code " + process.exitValue() + ")";
        return new EmbeddedClusterException(
                name, what + status + "; last lines of " + logFile + ":\n" + tail(logFile, TAIL_LINES));
    }

    /** The last {@code lines} lines of a file, read from at most its last 64 KiB. */
    static String tail(Path file, int lines) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            long from = Math.max(0, length - TAIL_BYTES);
            byte[] buffer = new byte[(int) (length - from)];
            in.seek(from);
            in.readFully(buffer);
            String text = new String(buffer, StandardCharsets.UTF_8);
            String[] all = text.split("\r?\n");
            int start = Math.max(0, all.length - lines);
            if (from > 0 && start == 0 && all.length > 1) {
                start = 1; // first line is probably cut
            }
            StringBuilder out = new StringBuilder();
            for (int i = start; i < all.length; i++) {
                out.append("    ").append(all[i]).append('\n');
            }
            return out.length() == 0 ? "    (log is empty)\n" : out.toString();
        } catch (IOException e) {
            return "    (no log: " + e.getMessage() + ")\n";
        }
    }
}
