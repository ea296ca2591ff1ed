package io.kubeguide.exercise.schema;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The API server's OpenAPI v3 schema of each group/version, fetched once per API server (any authenticated user may
 * read {@code /openapi/v3}, so the learner's own client fetches it) and kept. A submission waits for the first fetch
 * only {@link #FIRST_FETCH_WAIT}: past that the fetch goes on in the background and the submission is left to the
 * API server itself (whose refusal is mapped to the line too, only without "did you mean"). A failed fetch is tried
 * again at the next submission.
 */
@Component
public class ApiSchemas {

    private static final Logger log = LoggerFactory.getLogger(ApiSchemas.class);
    /** Several K3s sandboxes are several API servers; a few group/versions each. */
    private static final int MAX_CACHED = 200;

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    /** The core group's document is 1.5 MB: fetched and compiled in well under a second on a quiet machine. */
    static final Duration FIRST_FETCH_WAIT = Duration.ofMillis(800);

    private final AsyncCache<String, ApiSchema> cache = Caffeine.newBuilder()
            .maximumSize(MAX_CACHED)
            .expireAfterAccess(Duration.ofHours(6))
            .buildAsync();

    /**
     * @param apiVersion e.g. {@code v1} or {@code apps/v1}
     * @return the schemas of that group/version on the client's API server; empty when it could not be fetched
     */
    public Optional<ApiSchema> forApiVersion(KubernetesClient client, String apiVersion) {
        String server = client.getMasterUrl().toString().replaceFirst("/+$", "");
        String path = (apiVersion.contains("/") ? "/openapi/v3/apis/" : "/openapi/v3/api/") + apiVersion;
        Config config = client.getConfiguration();
        CompletableFuture<ApiSchema> schema = cache.get(
                server + path, (url, executor) -> CompletableFuture.supplyAsync(() -> fetch(config, url), executor));
        try {
            return Optional.ofNullable(schema.get(FIRST_FETCH_WAIT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            log.info("OpenAPI schema {} not there yet; this submission is left to the API server", server + path);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            log.debug("No OpenAPI schema from {}: {}", server + path, e.toString());
            return Optional.empty();
        }
    }

    /** With a client of its own: the submission's client may be closed before a slow fetch ends. */
    private static ApiSchema fetch(Config config, String url) {
        long start = System.nanoTime();
        try (KubernetesClient client =
                new KubernetesClientBuilder().withConfig(config).build()) {
            HttpClient http = client.getHttpClient();
            HttpRequest request = http.newHttpRequestBuilder()
                    .uri(url)
                    .header("Accept", "application/json")
                    .timeout(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .build();
            HttpResponse<byte[]> response =
                    http.sendAsync(request, byte[].class).get(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!response.isSuccessful()) {
                log.debug("{} answered {}", url, response.code());
                return null; // not cached: an unknown group/version is the API server's to report
            }
            ApiSchema schema = ApiSchema.parse(new ByteArrayInputStream(response.body()));
            log.info(
                    "OpenAPI schema {} fetched and compiled in {} ms ({} kinds)",
                    url,
                    (System.nanoTime() - start) / 1_000_000,
                    schema.kinds().size());
            return schema;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (Exception e) {
            log.debug("Could not fetch {}: {}", url, e.toString());
            return null;
        }
    }
}
