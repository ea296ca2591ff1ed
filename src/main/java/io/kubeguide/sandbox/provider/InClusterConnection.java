package io.kubeguide.sandbox.provider;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster the guide runs in, with its Pod's ServiceAccount (provider {@code cluster} without a kubeconfig, as
 * {@code deploy/} installs it). The token is read from its file for every request that needs one, so the kubelet's
 * rotation of the projected token is picked up.
 */
public final class InClusterConnection implements ClusterConnection {

    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private final String serverUrl;
    private final Path tokenFile;
    private final Path caFile;
    private KubernetesClient client;

    /** Exposed for tests, which stand in a token file and CA of their own for the Pod's. */
    public InClusterConnection(String serverUrl, Path tokenFile, Path caFile) {
        this.serverUrl = serverUrl;
        this.tokenFile = tokenFile;
        this.caFile = caFile;
    }

    /** The Pod's API server address (from the environment Kubernetes sets) and ServiceAccount; empty outside a Pod. */
    public static Optional<InClusterConnection> ofPod(Map<String, String> env) {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        Path token = SERVICE_ACCOUNT.resolve("token");
        if (host == null || host.isBlank() || !Files.isReadable(token)) {
            return Optional.empty();
        }
        String address = host.contains(":") ? "[" + host + "]" : host; // an IPv6 address
        return Optional.of(
                new InClusterConnection("https://" + address + ":" + port, token, SERVICE_ACCOUNT.resolve("ca.crt")));
    }

    @Override
    public synchronized KubernetesClient open() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(serverUrl)
                .withCaCertFile(caFile.toString())
                .withOauthTokenProvider(this::token)
                .build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        client.getKubernetesVersion(); // fails now, with the reason, if the API server does not answer
        return client;
    }

    private String token() {
        try {
            return Files.readString(tokenFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ServiceAccount token " + tokenFile, e);
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
