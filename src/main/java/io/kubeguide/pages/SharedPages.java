package io.kubeguide.pages;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.ViewResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Pages that are the same for every reader (home, lessons) are rendered once and then served from memory. Nothing
 * per learner is on them (progress is filled in by script), so a page changes only when its content does: the key
 * holds the content objects themselves, compared by identity, and a reloaded lesson or course is a new key.
 */
@Component
public class SharedPages {

    private final ViewResolver views;
    private final Cache<Key, Rendered> rendered =
            Caffeine.newBuilder().maximumSize(100).build();

    public SharedPages(ViewResolver thymeleafViewResolver) {
        this.views = thymeleafViewResolver;
    }

    /** A view that renders {@code viewName} once per distinct set of {@code content} objects. */
    public View view(String viewName, Object... content) {
        Key key = new Key(viewName, content);
        return new View() {
            @Override
            public String getContentType() {
                return "text/html;charset=UTF-8";
            }

            @Override
            public void render(Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
                    throws Exception {
                Rendered page = rendered.getIfPresent(key);
                if (page == null) {
                    page = renderOnce(viewName, model, request, response);
                    rendered.put(key, page);
                }
                response.setContentType(page.contentType());
                response.setContentLength(page.body().length);
                response.getOutputStream().write(page.body());
            }
        };
    }

    private Rendered renderOnce(
            String viewName, Map<String, ?> model, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        View view = views.resolveViewName(viewName, Locale.ENGLISH);
        if (view == null) {
            throw new IllegalStateException("No template " + viewName);
        }
        var capture = new ContentCachingResponseWrapper(response);
        view.render(model, request, capture);
        return new Rendered(capture.getContentType(), capture.getContentAsByteArray());
    }

    private record Rendered(String contentType, byte[] body) {}

    /** Equal when the view and every content object are the same instances. */
    private record Key(String viewName, Object[] content) {
        @Override
        public boolean equals(Object o) {
            if (!(o instanceof Key other)
                    || !viewName.equals(other.viewName)
                    || content.length != other.content.length) {
                return false;
            }
            for (int i = 0; i < content.length; i++) {
                if (content[i] != other.content[i]) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public int hashCode() {
            int hash = viewName.hashCode();
            for (Object part : content) {
                hash = 31 * hash + System.identityHashCode(part);
            }
            return hash;
        }
    }
}
