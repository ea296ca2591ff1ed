package io.kubeguide.exercise;

import io.kubeguide.limits.BudgetSpentException;
import io.kubeguide.sandbox.SandboxRefusedException;
import io.kubeguide.sandbox.SandboxState;
import io.kubeguide.sandbox.SandboxStatus;
import io.kubeguide.sandbox.SandboxUnavailableException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/**
 * Why a learner's request is not served now, as both the pages and the JSON API answer it: a spent budget or a full
 * line is 429 with {@code Retry-After}; a sandbox still in line or preparing is 429 too (come back then: the guide is
 * busy, not broken); a failed or unavailable sandbox is 503.
 *
 * @param sandbox the sandbox's status when the refusal is about it, else null
 */
public record Refusal(HttpStatus status, String title, String message, Duration retryAfter, SandboxStatus sandbox) {

    public static Refusal of(SandboxUnavailableException e) {
        if (e instanceof SandboxRefusedException refused) {
            return new Refusal(
                    HttpStatus.TOO_MANY_REQUESTS, "No sandbox now", e.getMessage(), refused.retryAfter(), e.status());
        }
        SandboxStatus status = e.status();
        boolean waiting =
                status != null && (status.state() == SandboxState.QUEUED || status.state() == SandboxState.PREPARING);
        Duration retryAfter = status != null && status.expectedWait() != null
                ? status.expectedWait()
                : waiting ? Duration.ofSeconds(5) : null;
        return new Refusal(
                waiting ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE,
                "Your sandbox is not ready",
                e.getMessage(),
                retryAfter,
                status);
    }

    public static Refusal of(BudgetSpentException e) {
        return new Refusal(HttpStatus.TOO_MANY_REQUESTS, "Too many requests", e.getMessage(), e.retryAfter(), null);
    }

    /** The {@code Retry-After} header's value, whole seconds (at least 1); null when there is none. */
    public String retryAfterSeconds() {
        return retryAfter == null ? null : String.valueOf(Math.max(1, retryAfter.toSeconds()));
    }

    /** Sets the status and, when there is one, {@code Retry-After}. */
    public void applyTo(HttpServletResponse response) {
        response.setStatus(status.value());
        if (retryAfter != null) {
            response.setHeader(HttpHeaders.RETRY_AFTER, retryAfterSeconds());
        }
    }
}
