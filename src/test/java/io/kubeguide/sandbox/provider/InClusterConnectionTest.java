package io.kubeguide.sandbox.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a Pod finds its API server and ServiceAccount (the token and CA the kubelet mounts). */
class InClusterConnectionTest {

    @TempDir
    Path serviceAccount;

    @Test
    void aPodReachesItsApiServerFromTheEnvironmentKubernetesSets() throws Exception {
        Files.writeString(serviceAccount.resolve("token"), "a-token\n");
        var connection = InClusterConnection.ofPod(
                Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "6443"), serviceAccount);
        assertThat(connection).isPresent();
        assertThat(connection.get().serverUrl()).isEqualTo("https://10.96.0.1:6443");
        assertThat(connection.get().config().getOauthTokenProvider().getToken()).isEqualTo("a-token");
        assertThat(connection.get().config().getCaCertFile())
                .isEqualTo(serviceAccount.resolve("ca.crt").toString());

        Files.writeString(serviceAccount.resolve("token"), "the-rotated-token\n");
        assertThat(connection.get().config().getOauthTokenProvider().getToken())
                .as("the kubelet rotates the token in its file")
                .isEqualTo("the-rotated-token");
    }

    @Test
    void anIpv6ApiServerAddressIsBracketed() throws Exception {
        Files.writeString(serviceAccount.resolve("token"), "t");
        assertThat(InClusterConnection.ofPod(Map.of("KUBERNETES_SERVICE_HOST", "fd00::1"), serviceAccount)
                        .orElseThrow()
                        .serverUrl())
                .isEqualTo("https://[fd00::1]:443");
    }

    @Test
    void outsideAPodThereIsNone() throws Exception {
        assertThat(InClusterConnection.ofPod(Map.of(), serviceAccount)).isEmpty();
        // the variables alone are not enough: no token mounted (automountServiceAccountToken: false)
        assertThat(InClusterConnection.ofPod(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1"), serviceAccount))
                .isEmpty();
    }
}
