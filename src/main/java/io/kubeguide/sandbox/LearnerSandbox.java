package io.kubeguide.sandbox;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A learner's place: their request and where its sandbox stands. Fields guarded by {@link SandboxService}'s lock. */
final class LearnerSandbox {
    final SandboxRequest request;
    final CompletableFuture<Void> settled = new CompletableFuture<>();
    volatile SandboxState state = SandboxState.QUEUED;
    volatile String message;
    volatile String notice;
    volatile String provider;
    volatile boolean startingProvider;
    volatile boolean discarded;
    /** This slot's place among the held ones was given back (at discard, or when its preparation ended). */
    boolean placeFreed;

    /** The sandbox's names, once its preparation (or take-over) began. */
    volatile SandboxIdentity identity;

    Instant preparingSince;
    Instant lastUsed;
    Instant lastSeen;
    ActiveSandbox sandbox;

    LearnerSandbox(SandboxRequest request, Instant now) {
        this.request = request;
        this.lastUsed = now;
        this.lastSeen = now;
        this.preparingSince = now;
    }

    boolean isFor(String exerciseId) {
        return request.exerciseId().equals(exerciseId);
    }

    boolean isLive() {
        return state == SandboxState.QUEUED || state == SandboxState.PREPARING || state == SandboxState.READY;
    }

    void settle(SandboxState newState, String newMessage) {
        state = newState;
        message = newMessage;
    }
}
