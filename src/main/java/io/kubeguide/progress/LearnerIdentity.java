package io.kubeguide.progress;

import io.kubeguide.limits.BucketStore;
import io.kubeguide.limits.BudgetSpentException;
import io.kubeguide.limits.ClientBudgets;
import io.kubeguide.limits.GuideLimits;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * Who the learner is: a random id in the long-lived cookie {@value #COOKIE} (HttpOnly, SameSite=Lax, Secure when the
 * request came over TLS, also through a trusted proxy's {@code X-Forwarded-Proto}). Not the HTTP session: the guide
 * keeps none, and progress survives restarts. Issued only by an action (Start, a submission, a reset), never by
 * reading a page, and from a budget per client address ({@code guide.limits.learners-*}). {@link #rotate} gives the
 * learner a new id (their progress moves with it), so a leaked cookie can be made worthless. A signed-in device carries
 * its account's id ({@link #adopt}); signing out {@link #forget forgets} it.
 */
@Component
public class LearnerIdentity {

    public static final String COOKIE = "guide_learner";
    private static final Duration MAX_AGE = Duration.ofDays(400);
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{22,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String REQUEST_ATTRIBUTE = LearnerIdentity.class.getName();

    private final ClientBudgets newLearners;

    public LearnerIdentity(GuideLimits limits, BucketStore buckets) {
        this.newLearners = new ClientBudgets(
                "learners",
                limits.learnersPerMinute(),
                limits.learnersPerMinutePerClient(),
                GuideLimits.PERIOD,
                buckets);
    }

    /**
     * The learner's id, issuing the cookie when the request has none (or a malformed one).
     *
     * @throws BudgetSpentException too many new learners from this client address (or on the guide) this minute
     */
    public String resolve(HttpServletRequest request, HttpServletResponse response) {
        Object issued = request.getAttribute(REQUEST_ATTRIBUTE);
        if (issued instanceof String id) {
            return id;
        }
        String id = existing(request).orElse(null);
        if (id == null) {
            id = issue(request, response);
        }
        request.setAttribute(REQUEST_ATTRIBUTE, id);
        return id;
    }

    /** The learner's id if the request carries a valid cookie (or was given one already); never issues one. */
    public Optional<String> existing(HttpServletRequest request) {
        if (request.getAttribute(REQUEST_ATTRIBUTE) instanceof String issued) {
            return Optional.of(issued);
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName())
                        && c.getValue() != null
                        && VALID.matcher(c.getValue()).matches()) {
                    return Optional.of(c.getValue());
                }
            }
        }
        return Optional.empty();
    }

    /** A new id in the cookie, replacing the request's; the caller moves what the old id owned. */
    public String rotate(HttpServletRequest request, HttpServletResponse response) {
        String id = issue(request, response);
        request.setAttribute(REQUEST_ATTRIBUTE, id);
        return id;
    }

    /** From now on this device is the learner {@code id} (an account's, on sign-in). */
    public void adopt(String id, HttpServletRequest request, HttpServletResponse response) {
        if (!VALID.matcher(id).matches()) {
            throw new IllegalArgumentException("not a learner id");
        }
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(id, MAX_AGE, request).toString());
        request.setAttribute(REQUEST_ATTRIBUTE, id);
    }

    /** This device is nobody from now on (sign-out): the cookie is dropped, the next action issues a new one. */
    public void forget(HttpServletRequest request, HttpServletResponse response) {
        response.addHeader(
                HttpHeaders.SET_COOKIE, cookie("", Duration.ZERO, request).toString());
        request.removeAttribute(REQUEST_ATTRIBUTE);
    }

    /** A new random learner id, not yet anyone's. */
    public static String newId() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private String issue(HttpServletRequest request, HttpServletResponse response) {
        newLearners.take(request.getRemoteAddr()).ifPresent(refusal -> {
            throw new BudgetSpentException(
                    (refusal.perClient()
                                    ? "Too many new learners from your network address"
                                    : "Too many new learners on this guide")
                            + " in the last minute. Try again in "
                            + refusal.retryAfter().toSeconds() + " s; reading "
                            + "lessons needs no learner.",
                    refusal.retryAfter());
        });
        String id = newId();
        response.addHeader(HttpHeaders.SET_COOKIE, cookie(id, MAX_AGE, request).toString());
        return id;
    }

    private static ResponseCookie cookie(String value, Duration maxAge, HttpServletRequest request) {
        return ResponseCookie.from(COOKIE, value)
                .httpOnly(true)
                .sameSite("Lax")
                .path("/")
                .maxAge(maxAge)
                .secure(request.isSecure())
                .build();
    }
}
