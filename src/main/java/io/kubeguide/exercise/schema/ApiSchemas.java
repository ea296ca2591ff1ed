package io.kubeguide.exercise.schema;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The API server's OpenAPI v3 schema of each group/version, fetched once per API server (any authenticated user may
 * read {@code /openapi/v3}, so the learner's own client fetches it) and kept. A server that does not answer leaves
 * the check to the API server itself; a failed fetch is tried again at the next submission.
 */
@Component
public class ApiSchemas {

    private static final Logger log = LoggerFactory.getLogger(ApiSchemas.class);
    /** Several K3s sandboxes are several API servers; a few group/versions each. */
    private static final int MAX_CACHED = 200;
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    private final Cache<String, ApiSchema> cache = Caffeine.newBuilder().maximumSize(MAX_CACHED)
            .expireAfterAccess(Duration.ofHours(6)).build();

    /**
     * @param apiVersion e.g. {@code v1} or {@code apps/v1}
     * @return the schemas of that group/version on the client's API server; empty when it could not be fetched
     */
    public Optional<ApiSchema> forApiVersion(KubernetesClient client, String apiVersion) {
        String server = client.getMasterUrl().toString().replaceFirst("/+$", "");
        String path = (apiVersion.contains("/") ? "/openapi/v3/apis/" : "/openapi/v3/api/") + apiVersion;
        try {
            return Optional.ofNullable(cache.get(server + path, key -> fetch(client.getHttpClient(), key)));
        } catch (RuntimeException e) {
            log.debug("No OpenAPI schema from {}: {}", server + path, e.toString());
            return Optional.empty();
        }
    }

    private static ApiSchema fetch(HttpClient http, String url) {
        long start = System.nanoTime();
        try {
            HttpRequest request = http.newHttpRequestBuilder().uri(url).header("Accept", "application/json")
                    .timeout(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).build();
            HttpResponse<byte[]> response = http.sendAsync(request, byte[].class)
                    .get(FETCH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!response.isSuccessful()) {
                log.debug("{} answered {}", url, response.code());
                return null; // not cached: an unknown group/version is the API server's to report
            }
            ApiSchema schema = ApiSchema.parse(new ByteArrayInputStream(response.body()));
            log.info("OpenAPI schema {} fetched and compiled in {} ms ({} kinds)", url,
                    (System.nanoTime() - start) / 1_000_000, schema.kinds().size());
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
