package io.kubeguide.sandbox.embedded;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the embedded control plane ({@code guide.embedded.*}). Every setting has a default; paths left unset
 * are resolved against the user's home directory in code ({@code ${user.home}} is not resolved in a default value).
 *
 * @param binDir            a directory that already holds etcd, kube-apiserver, kube-controller-manager,
 *                          kube-scheduler and kwok; when set, nothing is looked up, downloaded or built
 * @param cacheDir          binary cache; binaries live in {@code <cacheDir>/v<kubernetesVersion>/bin}
 *                          (default {@code $GUIDE_EMBEDDED_CACHE} or {@code ~/.cache/kubeguide/embedded})
 * @param workDir           certificates, kubeconfigs, etcd data, logs, pid file, all owner-only (0700/0600)
 *                          (default {@code ~/.kubeguide/embedded})
 * @param kubernetesVersion the pinned Kubernetes version (same as the pom's {@code kubernetes.version} and go.mod)
 * @param etcdVersion       etcd version (as in go.mod)
 * @param kwokVersion       KWOK version (as in go.mod)
 * @param releaseBaseUrl    Kubernetes release downloads, shaped like {@code https://dl.k8s.io/release}
 * @param etcdReleaseBaseUrl etcd release downloads, shaped like GitHub releases of etcd-io/etcd
 * @param kwokReleaseBaseUrl KWOK release downloads, shaped like GitHub releases of kubernetes-sigs/kwok
 * @param kwokSha256        SHA-256 of the KWOK binary; KWOK publishes none, so KWOK is downloaded only when set
 * @param download          whether official release binaries may be downloaded
 * @param build             whether the binaries may be built with the Go toolchain ({@code embedded-cluster/build.sh})
 * @param buildScript       the build script (default: {@code embedded-cluster/build.sh} in or above the working directory)
 * @param nodes             number of fake (KWOK) nodes
 * @param serviceCidr       service cluster IP range
 * @param nodePortRange     NodePort range
 * @param podCidr           range KWOK assigns Pod IPs from
 * @param startTimeout      how long start() waits for the whole control plane to be ready
 */
@ConfigurationProperties("guide.embedded")
public record EmbeddedClusterProperties(
        Path binDir,
        Path cacheDir,
        Path workDir,
        @DefaultValue(DEFAULT_KUBERNETES_VERSION) String kubernetesVersion,
        @DefaultValue(DEFAULT_ETCD_VERSION) String etcdVersion,
        @DefaultValue(DEFAULT_KWOK_VERSION) String kwokVersion,
        @DefaultValue("https://dl.k8s.io/release") URI releaseBaseUrl,

        @DefaultValue("https://github.com/etcd-io/etcd/releases/download")
        URI etcdReleaseBaseUrl,

        @DefaultValue("https://github.com/kubernetes-sigs/kwok/releases/download")
        URI kwokReleaseBaseUrl,

        String kwokSha256,
        @DefaultValue("true") boolean download,
        @DefaultValue("true") boolean build,
        Path buildScript,
        @DefaultValue("2") int nodes,
        @DefaultValue("10.96.0.0/16") String serviceCidr,
        @DefaultValue("30000-32767") String nodePortRange,
        @DefaultValue("10.244.0.0/16") String podCidr,
        @DefaultValue("120s") Duration startTimeout) {

    /** Kubernetes version of the embedded build; a test ties it to the pom and embedded-cluster/go.mod. */
    public static final String DEFAULT_KUBERNETES_VERSION = "1.36.3";

    public static final String DEFAULT_ETCD_VERSION = "3.6.8";
    public static final String DEFAULT_KWOK_VERSION = "0.8.0";

    public EmbeddedClusterProperties {
        Path home = Path.of(System.getProperty("user.home"));
        if (cacheDir == null) {
            String env = System.getenv("GUIDE_EMBEDDED_CACHE");
            cacheDir = env != null && !env.isBlank() ? Path.of(env) : home.resolve(".cache/kubeguide/embedded");
        }
        if (workDir == null) {
            workDir = home.resolve(".kubeguide/embedded");
        }
        kubernetesVersion = orDefault(kubernetesVersion, DEFAULT_KUBERNETES_VERSION);
        etcdVersion = orDefault(etcdVersion, DEFAULT_ETCD_VERSION);
        kwokVersion = orDefault(kwokVersion, DEFAULT_KWOK_VERSION);
        releaseBaseUrl = releaseBaseUrl != null ? releaseBaseUrl : URI.create("https://dl.k8s.io/release");
        etcdReleaseBaseUrl = etcdReleaseBaseUrl != null
                ? etcdReleaseBaseUrl
                : URI.create("https://github.com/etcd-io/etcd/releases/download");
        kwokReleaseBaseUrl = kwokReleaseBaseUrl != null
                ? kwokReleaseBaseUrl
                : URI.create("https://github.com/kubernetes-sigs/kwok/releases/download");
        if (kwokSha256 != null && kwokSha256.isBlank()) {
            kwokSha256 = null;
        }
        if (nodes < 1) {
            nodes = 2;
        }
        serviceCidr = orDefault(serviceCidr, "10.96.0.0/16");
        nodePortRange = orDefault(nodePortRange, "30000-32767");
        podCidr = orDefault(podCidr, "10.244.0.0/16");
        startTimeout = startTimeout != null && !startTimeout.isNegative() && !startTimeout.isZero()
                ? startTimeout
                : Duration.ofSeconds(120);
    }

    /** All defaults, as an application without any {@code guide.embedded.*} setting gets them. */
    public static EmbeddedClusterProperties defaults() {
        return new EmbeddedClusterProperties(
                null, null, null, null, null, null, null, null, null, null, true, true, null, 2, null, null, null,
                null);
    }

    public EmbeddedClusterProperties withWorkDir(Path dir) {
        return new EmbeddedClusterProperties(
                binDir,
                cacheDir,
                dir,
                kubernetesVersion,
                etcdVersion,
                kwokVersion,
                releaseBaseUrl,
                etcdReleaseBaseUrl,
                kwokReleaseBaseUrl,
                kwokSha256,
                download,
                build,
                buildScript,
                nodes,
                serviceCidr,
                nodePortRange,
                podCidr,
                startTimeout);
    }

    public EmbeddedClusterProperties withBinDir(Path dir) {
        return new EmbeddedClusterProperties(
                dir,
                cacheDir,
                workDir,
                kubernetesVersion,
                etcdVersion,
                kwokVersion,
                releaseBaseUrl,
                etcdReleaseBaseUrl,
                kwokReleaseBaseUrl,
                kwokSha256,
                download,
                build,
                buildScript,
                nodes,
                serviceCidr,
                nodePortRange,
                podCidr,
                startTimeout);
    }

    public EmbeddedClusterProperties withStartTimeout(Duration timeout) {
        return new EmbeddedClusterProperties(
                binDir,
                cacheDir,
                workDir,
                kubernetesVersion,
                etcdVersion,
                kwokVersion,
                releaseBaseUrl,
                etcdReleaseBaseUrl,
                kwokReleaseBaseUrl,
                kwokSha256,
                download,
                build,
                buildScript,
                nodes,
                serviceCidr,
                nodePortRange,
                podCidr,
                timeout);
    }

    /** Binary sources for tests of the download path: a cache dir and release base URLs of a local server. */
    public EmbeddedClusterProperties withReleases(Path cache, URI kubernetes, URI etcd, URI kwok, String kwokSha) {
        return new EmbeddedClusterProperties(
                binDir,
                cache,
                workDir,
                kubernetesVersion,
                etcdVersion,
                kwokVersion,
                kubernetes,
                etcd,
                kwok,
                kwokSha,
                true,
                false,
                buildScript,
                nodes,
                serviceCidr,
                nodePortRange,
                podCidr,
                startTimeout);
    }

    /** The versioned cache directory the binaries are looked up in, built or downloaded into. */
    public Path versionedBinDir() {
        return cacheDir.resolve("v" + kubernetesVersion).resolve("bin");
    }

    /**
     * The kubectl of the embedded build (same version as the API server): in {@code bin-dir} when set, else in the
     * versioned cache. It may not exist yet; it is built, downloaded or found with the control plane.
     */
    public Path kubectl() {
        return (binDir != null ? binDir : versionedBinDir()).resolve("kubectl");
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
