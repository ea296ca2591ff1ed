package io.kubeguide.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The places: at most {@code maxHeld} sandboxes held (preparing or ready), at most {@code maxWaiting} learners in line
 * behind them, first come first served. Not thread-safe: guarded by {@link SandboxService}'s lock.
 */
final class SandboxQueue {

    private final int maxHeld;
    private final int maxWaiting;
    private final Deque<LearnerSandbox> waiting = new ArrayDeque<>();
    private int held;

    SandboxQueue(int maxHeld, int maxWaiting) {
        this.maxHeld = maxHeld;
        this.maxWaiting = maxWaiting;
    }

    int maxHeld() {
        return maxHeld;
    }

    int maxWaiting() {
        return maxWaiting;
    }

    boolean hasFreePlace() {
        return held < maxHeld;
    }

    /** No free place and no room in line: a new learner is turned away. */
    boolean isFull() {
        return !hasFreePlace() && waiting.size() >= maxWaiting;
    }

    void hold(LearnerSandbox slot) {
        held++;
        slot.placeFreed = false;
    }

    /** Gives the slot's held place back, once. */
    void free(LearnerSandbox slot) {
        if (!slot.placeFreed) {
            slot.placeFreed = true;
            held--;
        }
    }

    void enqueue(LearnerSandbox slot) {
        slot.placeFreed = true; // a waiting slot holds no place
        waiting.addLast(slot);
    }

    void remove(LearnerSandbox slot) {
        waiting.remove(slot);
    }

    /** The next waiting learner when a place is free, else null. */
    LearnerSandbox nextIfFree() {
        return hasFreePlace() ? waiting.pollFirst() : null;
    }

    /** 1 for the next in line. */
    int placeOf(LearnerSandbox slot) {
        int place = 1;
        for (LearnerSandbox queued : waiting) {
            if (queued == slot) {
                return place;
            }
            place++;
        }
        return place;
    }

    int held() {
        return held;
    }

    int waitingCount() {
        return waiting.size();
    }

    void clear() {
        waiting.clear();
    }
}
