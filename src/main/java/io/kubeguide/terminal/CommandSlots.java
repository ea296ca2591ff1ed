package io.kubeguide.terminal;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** How many commands run at once: per learner and in total. A slot is given back by closing it. */
final class CommandSlots {

    private final int perLearner;
    private final Semaphore total;
    private final Duration queueWait;
    private final ConcurrentHashMap<String, Semaphore> byLearner = new ConcurrentHashMap<>();

    CommandSlots(int perLearner, int maxConcurrent, Duration queueWait) {
        this.perLearner = perLearner;
        this.total = new Semaphore(maxConcurrent, true);
        this.queueWait = queueWait;
    }

    interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    Slot acquire(String learnerId) {
        Semaphore mine = byLearner.computeIfAbsent(learnerId, id -> new Semaphore(perLearner));
        if (!mine.tryAcquire()) {
            throw new BusyException("Your previous command is still running: wait for it, or press Ctrl+C to end it.");
        }
        try {
            if (!total.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS)) {
                mine.release();
                throw new BusyException(
                        "The guide is running as many commands as it can right now: try again in a" + " few seconds.");
            }
        } catch (InterruptedException e) {
            mine.release();
            Thread.currentThread().interrupt();
            throw new BusyException("Interrupted while waiting for a free slot.");
        }
        return () -> {
            total.release();
            mine.release();
        };
    }

    /** Too many commands at once; the message says whose and what to do. */
    static final class BusyException extends RuntimeException {
        BusyException(String message) {
            super(message);
        }
    }
}
