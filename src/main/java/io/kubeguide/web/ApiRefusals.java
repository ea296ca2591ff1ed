package io.kubeguide.web;

import io.kubeguide.exercise.ExerciseNotFoundException;
import io.kubeguide.exercise.Refusal;
import io.kubeguide.limits.BudgetSpentException;
import io.kubeguide.sandbox.SandboxUnavailableException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The JSON API's answer (problem JSON, RFC 9457) when a request is not served now: a spent budget, no sandbox yet
 * (with the sandbox's status as {@code sandbox}), or no such exercise. The status and {@code Retry-After} are the
 * {@link Refusal}'s, as on the pages.
 */
@RestControllerAdvice(annotations = RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiRefusals {

    @ExceptionHandler(SandboxUnavailableException.class)
    ResponseEntity<ProblemDetail> sandboxUnavailable(SandboxUnavailableException e) {
        return problem(Refusal.of(e));
    }

    @ExceptionHandler(BudgetSpentException.class)
    ResponseEntity<ProblemDetail> budgetSpent(BudgetSpentException e) {
        return problem(Refusal.of(e));
    }

    @ExceptionHandler(ExerciseNotFoundException.class)
    ResponseEntity<ProblemDetail> notFound(ExerciseNotFoundException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        problem.setTitle("No such exercise");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(Refusal refusal) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(refusal.status(), refusal.message());
        problem.setTitle(refusal.title());
        if (refusal.sandbox() != null) {
            problem.setProperty("sandbox", refusal.sandbox());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(refusal.status());
        if (refusal.retryAfter() != null) {
            answer.header(HttpHeaders.RETRY_AFTER, refusal.retryAfterSeconds());
        }
        return answer.body(problem);
    }
}
