package io.kubeguide.sandbox;

/** Where a learner's sandbox stands. */
public enum SandboxState {
    /** No sandbox for this learner and exercise (never opened, expired after idling, or replaced by another). */
    NONE,
    /** Waiting for a free place: the guide's limit of concurrent sandboxes is reached. */
    QUEUED,
    PREPARING,
    READY,
    /** Preparation failed; the message says why. Opening or resetting tries again. */
    FAILED,
    /** No provider can serve sandboxes here (no Docker, no embedded binaries, no kubeconfig); lessons still work. */
    UNAVAILABLE
}
