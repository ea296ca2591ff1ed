package io.kubeguide.sandbox;

/** A sandbox cannot be used now; the message is written for the learner: what is wrong and what to do. */
public class SandboxUnavailableException extends Exception {

    private final transient SandboxStatus status;

    public SandboxUnavailableException(SandboxStatus status) {
        super(status.message());
        this.status = status;
    }

    /** The status at the time of the failure (QUEUED, PREPARING, FAILED, UNAVAILABLE or NONE). */
    public SandboxStatus status() {
        return status;
    }
}
