package io.kubeguide.sandbox.provider;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster the guide runs in, with its Pod's ServiceAccount (provider {@code cluster} without a kubeconfig, as
 * {@code deploy/} installs it). The token is read from its file again as requests need it, so the kubelet's
 * rotation of the projected token is picked up.
 */
public final class InClusterConnection extends ClientConfigConnection {

    static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    private final String serverUrl;
    private final Path tokenFile;
    private final Path caFile;

    /** Exposed for tests, which stand in a token file and CA of their own for the Pod's. */
    public InClusterConnection(String serverUrl, Path tokenFile, Path caFile) {
        this.serverUrl = serverUrl;
        this.tokenFile = tokenFile;
        this.caFile = caFile;
    }

    /** The Pod's API server address (from the environment Kubernetes sets) and ServiceAccount; empty outside a Pod. */
    public static Optional<InClusterConnection> ofPod(Map<String, String> env) {
        return ofPod(env, SERVICE_ACCOUNT);
    }

    static Optional<InClusterConnection> ofPod(Map<String, String> env, Path serviceAccount) {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        Path token = serviceAccount.resolve("token");
        if (host == null || host.isBlank() || !Files.isReadable(token)) {
            return Optional.empty();
        }
        String address = host.contains(":") ? "[" + host + "]" : host; // an IPv6 address
        return Optional.of(
                new InClusterConnection("https://" + address + ":" + port, token, serviceAccount.resolve("ca.crt")));
    }

    String serverUrl() {
        return serverUrl;
    }

    @Override
    Config config() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(serverUrl)
                .withCaCertFile(caFile.toString())
                .withOauthTokenProvider(this::token)
                .build();
    }

    private String token() {
        try {
            return Files.readString(tokenFile).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the ServiceAccount token " + tokenFile, e);
        }
    }
}
