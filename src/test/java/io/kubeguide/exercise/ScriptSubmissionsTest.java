package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.limits.GuideLimits;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class ScriptSubmissionsTest {

    private static boolean exempt(String method, String uri, String contentType) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
        if (contentType != null) {
            request.setContentType(contentType);
        }
        return ScriptSubmissions.MATCHER.matches(request);
    }

    @Test
    void yamlAndJsonBodiesToTheApiAreExempt() {
        String api = "/api/exercises/services-clusterip/submissions";
        assertThat(exempt("POST", api, "application/yaml")).isTrue();
        assertThat(exempt("POST", api, "text/yaml; charset=utf-8")).isTrue();
        assertThat(exempt("POST", api, "application/x-yaml")).isTrue();
        assertThat(exempt("POST", api, "application/json")).isTrue();
    }

    @Test
    void browserFormTypesAndOtherPathsAreNot() {
        String api = "/api/exercises/services-clusterip/submissions";
        assertThat(exempt("POST", api, "application/x-www-form-urlencoded")).isFalse();
        assertThat(exempt("POST", api, "multipart/form-data; boundary=x")).isFalse();
        assertThat(exempt("POST", api, "text/plain")).isFalse();
        assertThat(exempt("POST", api, null)).isFalse();
        assertThat(exempt("POST", api, "not a type")).isFalse();
        assertThat(exempt("POST", "/exercises/services-clusterip/submissions", "application/yaml"))
                .isFalse();
        assertThat(exempt("POST", "/api/exercises/x/sandbox/reset", "application/json"))
                .isFalse();
        assertThat(exempt("PUT", api, "application/yaml")).isFalse();
    }

    @Test
    void rateLimitSaysHowLongToWait() {
        SubmissionRateLimiter limiter =
                new SubmissionRateLimiter(rateLimit(2, Duration.ofSeconds(10)), GuideLimits.defaults());
        assertThat(limiter.tryAcquire("a", null).allowed()).isTrue();
        assertThat(limiter.tryAcquire("a", null).allowed()).isTrue();
        SubmissionRateLimiter.Decision third = limiter.tryAcquire("a", null);
        assertThat(third.allowed()).isFalse();
        assertThat(third.retryAfter()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(10));
        assertThat(third.message()).startsWith("Too many submissions: at most 2 every 10 seconds. Wait ");
        assertThat(limiter.tryAcquire("b", null).allowed()).as("per learner").isTrue();
    }

    @Test
    void aNewCookieDoesNotMakeANewBudgetForTheSameAddress() {
        SubmissionRateLimiter limiter = new SubmissionRateLimiter(
                rateLimit(100, Duration.ofSeconds(10)),
                new GuideLimits(null, null, null, null, null, null, null, null, 3, null));
        for (String learner : new String[] {"a", "b", "c"}) {
            assertThat(limiter.tryAcquire(learner, "203.0.113.7").allowed()).isTrue();
        }
        SubmissionRateLimiter.Decision fourth = limiter.tryAcquire("d", "203.0.113.7");
        assertThat(fourth.allowed()).isFalse();
        assertThat(fourth.message()).startsWith("Too many submissions from your network address: at most 3 a minute");
        assertThat(limiter.tryAcquire("d", "203.0.113.8").allowed())
                .as("another address")
                .isTrue();
    }

    private static ExerciseProperties rateLimit(int submissions, Duration period) {
        return new ExerciseProperties(Duration.ofSeconds(60), new ExerciseProperties.RateLimit(submissions, period));
    }
}
