package io.kubeguide.progress;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who the learner is: a random id in the long-lived cookie {@value #COOKIE} (HttpOnly, SameSite=Lax), set on the
 * first exercise interaction. Not the HTTP session: the guide keeps none, and progress survives restarts.
 */
@Component
public class LearnerIdentity {

    public static final String COOKIE = "guide_learner";
    private static final Duration MAX_AGE = Duration.ofDays(400);
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_-]{22,64}");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String REQUEST_ATTRIBUTE = LearnerIdentity.class.getName();

    /** The learner's id, issuing the cookie when the request has none (or a malformed one). */
    public String resolve(HttpServletRequest request, HttpServletResponse response) {
        Object issued = request.getAttribute(REQUEST_ATTRIBUTE);
        if (issued instanceof String id) {
            return id;
        }
        String id = existing(request).orElse(null);
        if (id == null) {
            byte[] bytes = new byte[18];
            RANDOM.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            ResponseCookie cookie = ResponseCookie.from(COOKIE, id).httpOnly(true).sameSite("Lax").path("/")
                    .maxAge(MAX_AGE).secure(request.isSecure()).build();
            response.addHeader(HttpHeaders.SET_COOKIE, cookie.toString());
        }
        request.setAttribute(REQUEST_ATTRIBUTE, id);
        return id;
    }

    /** The learner's id if the request carries a valid cookie; never issues one. */
    public Optional<String> existing(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (COOKIE.equals(c.getName()) && c.getValue() != null && VALID.matcher(c.getValue()).matches()) {
                    return Optional.of(c.getValue());
                }
            }
        }
        return Optional.empty();
    }
}
