package io.kubeguide.terminal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** A handle to cancel a command (Ctrl+C): ends its process and every process it started. */
public final class RunningCommand {

    private final AtomicReference<Process> process = new AtomicReference<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();

    void attach(Process p) {
        process.set(p);
        if (cancelled.get()) {
            KubectlRunner.killTree(p);
        }
    }

    public void cancel() {
        cancelled.set(true);
        Process p = process.get();
        if (p != null) {
            KubectlRunner.killTree(p);
        }
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}
