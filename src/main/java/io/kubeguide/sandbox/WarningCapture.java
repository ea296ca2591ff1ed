package io.kubeguide.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.utils.HttpClientUtils;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects the {@code Warning} headers the API server sends back (RFC 7234 form {@code 299 - "text"}), e.g. the Pod
 * Security Admission advice {@code would violate PodSecurity "restricted:latest": ...} for a Pod the fence admits.
 *
 * <p>Use one capture per submission: {@code try (var client = sandbox.learnerClient(capture)) { ...apply... }}, then
 * {@link #warnings()}. Warnings arrive before the call that caused them returns. One client per capture; a client's
 * concurrent calls share its capture.
 */
public final class WarningCapture implements Interceptor {

    private static final Pattern WARNING = Pattern.compile("^\\s*\\d{3}\\s+\\S+\\s+\"((?:[^\"\\\\]|\\\\.)*)\".*$");

    /** One HTTP client factory (one Vert.x instance) for all learner clients; a client per submission stays cheap. */
    private static final HttpClient.Factory SHARED_HTTP = HttpClientUtils.getHttpClientFactory();

    private final List<String> warnings = new ArrayList<>();

    /** A client for {@code config} whose warnings land in this capture; the caller closes it. */
    public KubernetesClient newClient(Config config) {
        return new KubernetesClientBuilder()
                .withConfig(config)
                .withHttpClientFactory(SHARED_HTTP)
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("guide-warnings", this))
                .build();
    }

    @Override
    public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
        List<String> headers = response.headers("Warning");
        if (headers == null || headers.isEmpty()) {
            return;
        }
        synchronized (warnings) {
            for (String header : headers) {
                String text = text(header);
                if (!text.isBlank() && !warnings.contains(text)) {
                    warnings.add(text);
                }
            }
        }
    }

    /** Warnings so far, in arrival order, without duplicates. */
    public List<String> warnings() {
        synchronized (warnings) {
            return List.copyOf(warnings);
        }
    }

    /** The text of one Warning header value: {@code 299 - "a \"b\""} gives {@code a "b"}. */
    static String text(String headerValue) {
        Matcher m = WARNING.matcher(headerValue);
        if (!m.matches()) {
            return headerValue.trim();
        }
        return m.group(1).replaceAll("\\\\(.)", "$1");
    }
}
