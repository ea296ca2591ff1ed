package io.kubeguide.sandbox;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of learners' sandboxes ({@code guide.sandbox.*}).
 *
 * @param provider               auto (k3s when Docker answers, else embedded), embedded, k3s or cluster
 * @param idleTimeout            a sandbox not used for this long is deleted (30m)
 * @param maxConcurrent          sandboxes held at once (preparing or ready); beyond it learners queue (50)
 * @param kubeconfig             kubeconfig file of the cluster for provider {@code cluster}
 * @param k3sImage               image of provider {@code k3s}; its tag is the pinned Kubernetes version
 * @param setupTimeout           longest wait for an exercise's setup (Deployments available) (2m)
 * @param instanceId             this guide instance's id in labels; random per start when blank (the
 *                               usual case: a restarted guide is a new instance)
 * @param instanceLeaseDuration  a guide instance whose lease was not renewed for this long is dead: its sandboxes are
 *                               leftovers of a crash and are deleted by the next instance that starts (2m)
 */
@ConfigurationProperties("guide.sandbox")
public record SandboxProperties(
        ProviderSetting provider,
        Duration idleTimeout,
        Integer maxConcurrent,
        Path kubeconfig,
        String k3sImage,
        Duration setupTimeout,
        String instanceId,
        Duration instanceLeaseDuration) {

    /** Kubernetes version of the pom's {@code kubernetes.version}, in K3s's tag form. */
    public static final String DEFAULT_K3S_IMAGE = "rancher/k3s:v1.36.3-k3s1";

    public enum ProviderSetting {
        AUTO,
        EMBEDDED,
        K3S,
        CLUSTER
    }

    public SandboxProperties {
        provider = provider == null ? ProviderSetting.AUTO : provider;
        idleTimeout = idleTimeout == null ? Duration.ofMinutes(30) : idleTimeout;
        maxConcurrent = maxConcurrent == null ? 50 : maxConcurrent;
        k3sImage = k3sImage == null || k3sImage.isBlank() ? DEFAULT_K3S_IMAGE : k3sImage;
        setupTimeout = setupTimeout == null ? Duration.ofMinutes(2) : setupTimeout;
        instanceId = instanceId == null || instanceId.isBlank() ? SandboxIdentity.randomInstanceId() : instanceId;
        instanceLeaseDuration = instanceLeaseDuration == null ? Duration.ofMinutes(2) : instanceLeaseDuration;
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("guide.sandbox.max-concurrent must be at least 1");
        }
    }

    /** Defaults for everything. */
    public static SandboxProperties defaults() {
        return new SandboxProperties(null, null, null, null, null, null, null, null);
    }

    public SandboxProperties withIdleTimeout(Duration value) {
        return new SandboxProperties(
                provider, value, maxConcurrent, kubeconfig, k3sImage, setupTimeout, instanceId, instanceLeaseDuration);
    }

    public SandboxProperties withMaxConcurrent(int value) {
        return new SandboxProperties(
                provider, idleTimeout, value, kubeconfig, k3sImage, setupTimeout, instanceId, instanceLeaseDuration);
    }

    public SandboxProperties withInstanceId(String value) {
        return new SandboxProperties(
                provider, idleTimeout, maxConcurrent, kubeconfig, k3sImage, setupTimeout, value, instanceLeaseDuration);
    }
}
