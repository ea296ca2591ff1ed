package io.kubeguide.terminal;

import io.kubeguide.progress.LearnerIdentity;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * A WebSocket handshake is a GET, which Spring Security's CSRF filter lets through; so the terminal checks it here:
 * the {@code csrf} query parameter must equal the {@code XSRF-TOKEN} cookie (which only the guide's own pages can read),
 * and the learner's {@code guide_learner} cookie must be there (the page that shows the terminal sets it).
 */
final class TerminalHandshake implements HandshakeInterceptor {

    static final String LEARNER = "learner";
    static final String EXERCISE = "exercise";
    private static final Pattern PATH = Pattern.compile(".*/exercises/([A-Za-z0-9-]+)/terminal");

    private final LearnerIdentity identity;

    TerminalHandshake(LearnerIdentity identity) {
        this.identity = identity;
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler handler,
            Map<String, Object> attributes) {
        if (!(request instanceof ServletServerHttpRequest servlet)) {
            return false;
        }
        HttpServletRequest http = servlet.getServletRequest();
        Matcher path = PATH.matcher(http.getRequestURI());
        String learner = identity.existing(http).orElse(null);
        if (!path.matches() || learner == null || !csrfMatches(http)) {
            response.setStatusCode(HttpStatus.FORBIDDEN);
            return false;
        }
        attributes.put(LEARNER, learner);
        attributes.put(EXERCISE, path.group(1));
        return true;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler, Exception exception) {}

    private static boolean csrfMatches(HttpServletRequest http) {
        String sent = http.getParameter("csrf");
        String cookie = null;
        if (http.getCookies() != null) {
            for (Cookie c : http.getCookies()) {
                if ("XSRF-TOKEN".equals(c.getName())) {
                    cookie = c.getValue();
                }
            }
        }
        return sent != null
                && cookie != null
                && !cookie.isEmpty()
                && MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), cookie.getBytes(StandardCharsets.UTF_8));
    }
}
