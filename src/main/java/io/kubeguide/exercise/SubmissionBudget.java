package io.kubeguide.exercise;

import io.kubeguide.exercise.SubmissionRateLimiter.Decision;
import io.kubeguide.limits.BudgetSpentException;
import io.kubeguide.progress.LearnerIdentity;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The one place where a grading request (a submission or a check, from the page or the JSON API) pays from the
 * learner's and the client's budget ({@link SubmissionRateLimiter}) before any controller runs; a spent budget is a
 * {@link BudgetSpentException}, answered 429 in the page's report or as problem JSON.
 */
@Configuration(proxyBeanMethods = false)
class SubmissionBudget implements HandlerInterceptor, WebMvcConfigurer {

    static final String[] GRADING_PATHS = {
        "/exercises/*/submissions", "/exercises/*/check", "/api/exercises/*/submissions", "/api/exercises/*/check"
    };

    private final SubmissionRateLimiter rateLimiter;
    private final LearnerIdentity identity;

    SubmissionBudget(SubmissionRateLimiter rateLimiter, LearnerIdentity identity) {
        this.rateLimiter = rateLimiter;
        this.identity = identity;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns(GRADING_PATHS);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!"POST".equals(request.getMethod())) {
            return true;
        }
        Decision decision = rateLimiter.tryAcquire(identity.resolve(request, response), request.getRemoteAddr());
        if (!decision.allowed()) {
            throw new BudgetSpentException(decision.message(), decision.retryAfter());
        }
        return true;
    }
}
