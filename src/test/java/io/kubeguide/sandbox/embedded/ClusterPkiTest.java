package io.kubeguide.sandbox.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.kubeguide.files.PrivateFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

class ClusterPkiTest {

    @TempDir
    static Path tmp;

    static Path dir;
    static ClusterPki pki;

    @BeforeAll
    static void generate() {
        dir = tmp.resolve("pki");
        pki = ClusterPki.generate(dir, "10.96.0.1");
    }

    @Test
    void apiServerCertificatesAreSignedByTheClusterCaAndEtcdsByTheEtcdCaOnly() throws Exception {
        X509Certificate ca = pki.ca().certificate();
        X509Certificate etcdCa = pki.etcdCa().certificate();
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(etcdCa.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        for (ClusterPki.Issued issued :
                List.of(pki.apiServer(), pki.admin(), pki.controllerManager(), pki.scheduler(), pki.kwok())) {
            issued.certificate().verify(ca.getPublicKey());
            issued.certificate().checkValidity();
            assertThat(issued.certificate().getBasicConstraints())
                    .as(issued.name())
                    .isEqualTo(-1);
            assertThat(Files.readString(issued.certFile())).startsWith("-----BEGIN CERTIFICATE-----");
            // etcd trusts its own CA only: no cluster identity (not even admin) can talk to etcd directly
            assertThatThrownBy(() -> issued.certificate().verify(etcdCa.getPublicKey()))
                    .as(issued.name())
                    .isInstanceOf(SignatureException.class);
        }
        for (ClusterPki.Issued issued : List.of(pki.etcdServer(), pki.apiServerEtcdClient())) {
            issued.certificate().verify(etcdCa.getPublicKey());
            issued.certificate().checkValidity();
            assertThatThrownBy(() -> issued.certificate().verify(ca.getPublicKey()))
                    .as(issued.name())
                    .isInstanceOf(SignatureException.class);
        }
    }

    @Test
    void everyFileIsReadableByItsOwnerOnlyFromTheStart() throws Exception {
        assertThat(Files.getPosixFilePermissions(dir)).as(dir.toString()).isEqualTo(PrivateFiles.DIRECTORY);
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.toList();
        }
        assertThat(files.stream().map(f -> f.getFileName().toString()))
                .contains("ca.key", "etcd-ca.key", "admin.key", "apiserver-etcd-client.key", "sa.key", "ca.crt");
        for (Path file : files) {
            assertThat(Files.getPosixFilePermissions(file)).as(file.toString()).isEqualTo(PrivateFiles.FILE);
        }
    }

    @Test
    void apiServerCertificateServesLoopbackAndTheKubernetesService() throws Exception {
        List<String> names = pki.apiServer().certificate().getSubjectAlternativeNames().stream()
                .map(san -> san.get(1).toString())
                .toList();
        assertThat(names).contains("127.0.0.1", "localhost", "10.96.0.1", "kubernetes.default.svc");
        assertThat(pki.apiServer().certificate().getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
    }

    @Test
    void clientIdentitiesAreWhatTheApiServerAuthorises() throws Exception {
        assertThat(pki.admin().certificate().getSubjectX500Principal().getName())
                .contains("O=system:masters")
                .contains("CN=kubeguide-admin");
        assertThat(pki.controllerManager()
                        .certificate()
                        .getSubjectX500Principal()
                        .getName())
                .isEqualTo("CN=system:kube-controller-manager,O=system:masters");
        assertThat(pki.scheduler().certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=system:kube-scheduler");
        assertThat(pki.admin().certificate().getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
    }

    @Test
    void keysArePemThatGoParses() throws Exception {
        // Go's keyutil accepts SEC1 "EC PRIVATE KEY" with the named curve (and PKCS#8); public keys as PKIX.
        assertThat(Files.readString(pki.admin().keyFile())).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(Files.readString(pki.saKeyFile())).startsWith("-----BEGIN EC PRIVATE KEY-----");
        ECPrivateKey sec1 = ECPrivateKey.getInstance(Base64.getMimeDecoder()
                .decode(Files.readString(pki.admin().keyFile()).replaceAll("-----[A-Z ]+-----", "")));
        assertThat(sec1.getParametersObject()).as("named curve in the key").hasToString("1.2.840.10045.3.1.7");
        assertThat(Files.readString(pki.saPublicKeyFile())).startsWith("-----BEGIN PUBLIC KEY-----");
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubeconfigIsSelfContainedAndLoadsInFabric8() {
        String kubeconfig = pki.kubeconfig("https://127.0.0.1:6443", pki.admin());
        Map<String, Object> yaml = new Yaml().load(kubeconfig);
        assertThat(yaml.get("current-context")).isEqualTo("embedded");
        Config config = Config.fromKubeconfig(kubeconfig);
        assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
        assertThat(config.getClientCertData()).isNotBlank();
        assertThat(config.getClientKeyAlgo()).isEqualTo("EC");
        assertThat(config.getCaCertData()).isNotBlank();
    }

    @Test
    void firstAddressOfTheServiceRangeIsTheKubernetesService() {
        assertThat(EmbeddedCluster.firstAddress("10.96.0.0/16")).isEqualTo("10.96.0.1");
        assertThat(EmbeddedCluster.firstAddress("10.0.255.0/24")).isEqualTo("10.0.255.1");
    }
}
