package io.kubeguide.exercise;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Submissions by scripts ({@code curl}) to {@code POST /api/exercises/{id}/submissions} with a YAML or JSON body (and
 * likewise {@code /check} and {@code /kubectl} with a JSON content type). They
 * need no CSRF token: a browser cannot send these content types across sites without a CORS preflight, which the guide
 * never grants. A browser form's types (urlencoded, multipart, text/plain) are NOT matched, so a cross-site form post
 * to the API still meets the CSRF check and gets 403.
 */
public final class ScriptSubmissions implements RequestMatcher {

    public static final List<MediaType> TYPES = List.of(
            MediaType.parseMediaType("application/yaml"),
            MediaType.parseMediaType("text/yaml"),
            MediaType.parseMediaType("application/x-yaml"),
            MediaType.APPLICATION_JSON);

    public static final ScriptSubmissions MATCHER = new ScriptSubmissions();

    private static final Pattern PATH = Pattern.compile("/api/exercises/[A-Za-z0-9-]+/(submissions|check|kubectl)");

    @Override
    public boolean matches(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!PATH.matcher(path).matches()) {
            return false;
        }
        String contentType = request.getContentType();
        if (contentType == null) {
            return false;
        }
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return TYPES.stream()
                    .anyMatch(t -> t.getType().equalsIgnoreCase(type.getType())
                            && t.getSubtype().equalsIgnoreCase(type.getSubtype()));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }
}
