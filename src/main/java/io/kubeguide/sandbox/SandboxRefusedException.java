package io.kubeguide.sandbox;

import java.time.Duration;

/**
 * No sandbox is started for this request: a budget of sandboxes per minute is spent or the line is full. Answered
 * with 429 and {@code Retry-After}; the message says so in words.
 */
public class SandboxRefusedException extends SandboxUnavailableException {

    private final transient Duration retryAfter;

    public SandboxRefusedException(String message, Duration retryAfter) {
        super(SandboxStatus.none(message));
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
