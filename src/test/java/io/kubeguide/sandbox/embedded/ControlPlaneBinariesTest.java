package io.kubeguide.sandbox.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The download path against a local HTTP server that serves files shaped like the official releases
 * (dl.k8s.io for kube-*, GitHub releases for etcd's tarball with SHA256SUMS and for KWOK). Nothing leaves the host.
 */
class ControlPlaneBinariesTest {

    private static final String K8S = EmbeddedClusterProperties.DEFAULT_KUBERNETES_VERSION;
    private static final String ETCD = EmbeddedClusterProperties.DEFAULT_ETCD_VERSION;
    private static final String KWOK = EmbeddedClusterProperties.DEFAULT_KWOK_VERSION;

    @TempDir
    Path tmp;

    private HttpServer server;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();
    private final String arch = ControlPlaneBinaries.goArch();

    @BeforeEach
    void serveReleases() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            if (body == null) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        server.start();
        for (String c : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kubectl")) {
            byte[] binary = ("#!/bin/sh\necho " + c + "\n").getBytes(StandardCharsets.UTF_8);
            files.put("/k8s/v" + K8S + "/bin/linux/" + arch + "/" + c, binary);
            files.put(
                    "/k8s/v" + K8S + "/bin/linux/" + arch + "/" + c + ".sha256",
                    sha256(binary).getBytes());
        }
        String etcdDir = "etcd-v" + ETCD + "-linux-" + arch;
        byte[] tarball = tarGz(Map.of(
                etcdDir + "/README.md",
                "docs".getBytes(),
                etcdDir + "/etcd",
                "#!/bin/sh\necho etcd\n".getBytes(),
                etcdDir + "/etcdctl",
                "#!/bin/sh\n".getBytes()));
        files.put("/etcd/v" + ETCD + "/" + etcdDir + ".tar.gz", tarball);
        files.put(
                "/etcd/v" + ETCD + "/SHA256SUMS",
                (sha256("other".getBytes()) + "  etcd-v" + ETCD + "-darwin-arm64.zip\n" + sha256(tarball) + "  "
                                + etcdDir + ".tar.gz\n")
                        .getBytes());
        files.put("/kwok/v" + KWOK + "/kwok-linux-" + arch, "#!/bin/sh\necho kwok\n".getBytes());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private EmbeddedClusterProperties props(Path cache, String kwokSha) {
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return EmbeddedClusterProperties.defaults()
                .withReleases(cache, base.resolve("/k8s"), base.resolve("/etcd"), base.resolve("/kwok/"), kwokSha);
    }

    @Test
    void downloadsVerifiedReleaseBinariesIntoTheVersionedCache() throws Exception {
        Path cache = tmp.resolve("cache");
        String kwokSha = sha256(files.get("/kwok/v" + KWOK + "/kwok-linux-" + arch));

        Path bin = resolve(props(cache, kwokSha), tmp.resolve("logs"));

        assertThat(bin).isEqualTo(cache.resolve("v" + K8S + "/bin").toAbsolutePath());
        assertThat(ControlPlaneBinaries.missing(bin)).isEmpty();
        assertThat(Files.readString(bin.resolve("etcd"))).contains("echo etcd");
        assertThat(Files.readString(bin.resolve("kube-scheduler"))).contains("echo kube-scheduler");
        assertThat(Files.isExecutable(bin.resolve("kwok"))).isTrue();
        assertThat(Files.readString(bin.resolve("kubectl"))).contains("echo kubectl");
        assertThat(Files.list(bin.getParent())
                        .map(p -> p.getFileName().toString())
                        .toList())
                .as("no staging directory left")
                .containsExactly("bin");
        // The second resolve is served by the cache alone.
        server.stop(0);
        assertThat(resolve(props(cache, kwokSha), tmp.resolve("logs"))).isEqualTo(bin);
    }

    @Test
    void refusesABinaryWhoseChecksumDoesNotMatch() {
        Path cache = tmp.resolve("cache");
        String path = "/k8s/v" + K8S + "/bin/linux/" + arch + "/kube-controller-manager";
        files.put(path, "#!/bin/sh\necho tampered\n".getBytes());

        assertThatThrownBy(() -> resolve(
                        props(cache, sha256(files.get("/kwok/v" + KWOK + "/kwok-linux-" + arch))), tmp.resolve("logs")))
                .isInstanceOf(EmbeddedClusterException.class)
                .hasMessageContaining("SHA-256 mismatch")
                .hasMessageContaining("kube-controller-manager");
        assertThat(cache.resolve("v" + K8S + "/bin")).doesNotExist();
    }

    @Test
    void refusesAnEtcdTarballWhoseChecksumDoesNotMatch() throws Exception {
        Path cache = tmp.resolve("cache");
        String etcdDir = "etcd-v" + ETCD + "-linux-" + arch;
        files.put("/etcd/v" + ETCD + "/SHA256SUMS", (sha256("x".getBytes()) + "  " + etcdDir + ".tar.gz\n").getBytes());

        assertThatThrownBy(() -> ControlPlaneBinaries.download(
                        props(cache, sha256(files.get("/kwok/v" + KWOK + "/kwok-linux-" + arch))),
                        cache.resolve("v" + K8S + "/bin"),
                        StartProgress.forStart(EmbeddedClusterProperties.defaults())))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("SHA-256 mismatch")
                .hasMessageContaining(etcdDir);
        assertThat(cache.resolve("v" + K8S + "/bin")).doesNotExist();
    }

    @Test
    void doesNotDownloadKwokWithoutAConfiguredChecksum() {
        Path cache = tmp.resolve("cache");
        assertThatThrownBy(() -> resolve(props(cache, null), tmp.resolve("logs")))
                .isInstanceOf(EmbeddedClusterException.class)
                .hasMessageContaining("guide.embedded.kwok-sha256")
                .hasMessageContaining("embedded-cluster/build.sh");
        assertThat(cache.resolve("v" + K8S + "/bin")).doesNotExist();
    }

    @Test
    void aConfiguredBinDirMustHoldEveryComponent() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("prebuilt"));
        Path etcd = Files.writeString(dir.resolve("etcd"), "#!/bin/sh\n");
        etcd.toFile().setExecutable(true);
        EmbeddedClusterProperties props = EmbeddedClusterProperties.defaults().withBinDir(dir);
        assertThatThrownBy(() -> resolve(props, tmp.resolve("logs")))
                .isInstanceOf(EmbeddedClusterException.class)
                .hasMessageContaining("guide.embedded.bin-dir")
                .hasMessageContaining("kube-apiserver, kube-controller-manager, kube-scheduler, kwok");
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** A minimal ustar .tar.gz, as release tarballs are. */
    private static byte[] tarGz(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(raw)) {
            for (var e : new TreeMap<>(entries).entrySet()) {
                byte[] header = new byte[512];
                put(header, 0, e.getKey());
                put(header, 100, "0000755");
                put(header, 108, "0000000");
                put(header, 116, "0000000");
                put(header, 124, String.format("%011o", e.getValue().length));
                put(header, 136, String.format("%011o", 0));
                header[156] = '0';
                put(header, 257, "ustar");
                put(header, 263, "00");
                for (int i = 148; i < 156; i++) {
                    header[i] = ' ';
                }
                long sum = 0;
                for (byte b : header) {
                    sum += b & 0xff;
                }
                put(header, 148, String.format("%06o", sum));
                header[155] = ' ';
                gz.write(header);
                gz.write(e.getValue());
                gz.write(new byte[(512 - e.getValue().length % 512) % 512]);
            }
            gz.write(new byte[1024]);
        }
        return raw.toByteArray();
    }

    private static Path resolve(EmbeddedClusterProperties props, Path logs) {
        return ControlPlaneBinaries.resolve(props, logs, StartProgress.forStart(props));
    }

    private static void put(byte[] header, int offset, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(bytes, 0, header, offset, bytes.length);
    }
}
