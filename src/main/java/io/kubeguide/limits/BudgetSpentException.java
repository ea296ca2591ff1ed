package io.kubeguide.limits;

import java.time.Duration;

/** A budget of {@link GuideLimits} is spent: answered 429 with {@code Retry-After}; the message is for the learner. */
public class BudgetSpentException extends RuntimeException {

    private final transient Duration retryAfter;

    public BudgetSpentException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
