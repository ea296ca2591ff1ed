package io.kubeguide.sandbox.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * etcd, reached directly on its loopback port with the certificates in the work dir: only the API server's etcd
 * client certificate opens it; the cluster admin's (signed by the cluster CA, like anything the controller manager
 * signs for an approved CertificateSigningRequest) is refused in the TLS handshake.
 */
class EtcdAccessIT {

    static EmbeddedCluster cluster;
    static URI etcd;
    static Path pki;

    @BeforeAll
    static void start() {
        cluster = SharedEmbeddedCluster.get();
        pki = cluster.workDir().resolve("pki");
        // where the API server itself reaches etcd, read from its command line
        String servers = ProcessLedger.cmdline(cluster.pids().get("kube-apiserver")).stream()
                .filter(a -> a.startsWith("--etcd-servers="))
                .findFirst()
                .orElseThrow()
                .substring("--etcd-servers=".length());
        etcd = URI.create(servers.split(",")[0]);
        assertThat(etcd.getScheme()).isEqualTo("https");
        assertThat(etcd.getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void theApiServersEtcdClientCertificateOpensEtcd() throws Exception {
        HttpResponse<String> health = get(client("apiserver-etcd-client"));
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"health\":\"true\"");
    }

    @Test
    void theClusterAdminsCertificateDoesNot() throws Exception {
        HttpClient admin = client("admin");
        assertThatThrownBy(() -> get(admin)).isInstanceOf(IOException.class);
    }

    private static HttpResponse<String> get(HttpClient http) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(etcd.resolve("/health"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A TLS client with {@code <name>.crt/.key} from the work dir, trusting etcd's CA. */
    private static HttpClient client(String name) throws Exception {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        Certificate cert;
        Certificate etcdCa;
        try (var in = Files.newInputStream(pki.resolve(name + ".crt"));
                var ca = Files.newInputStream(pki.resolve("etcd-ca.crt"))) {
            cert = x509.generateCertificate(in);
            etcdCa = x509.generateCertificate(ca);
        }
        KeyPair keys;
        try (Reader in = Files.newBufferedReader(pki.resolve(name + ".key"));
                PEMParser parser = new PEMParser(in)) {
            keys = new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject());
        }
        char[] password = "test".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry(name, keys.getPrivate(), password, new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("etcd-ca", etcdCa);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(tls)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }
}
