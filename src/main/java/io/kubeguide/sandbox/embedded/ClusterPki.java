package io.kubeguide.sandbox.embedded;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates and keys of one embedded control plane: a cluster CA, serving certificates (API server, etcd),
 * client certificates (admin in {@code system:masters}, controller manager, scheduler, KWOK, API server to etcd)
 * and the service-account signing key pair. RSA 2048 throughout; keys are written by Bouncy Castle as PKCS#1 PEM
 * ({@code RSA PRIVATE KEY}), which Go's parsers accept (JDK-encoded keys are not always accepted by client-go).
 */
final class ClusterPki {

    private static final Duration VALIDITY = Duration.ofDays(365);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A certificate with its key and where both were written. */
    record Issued(String name, X509Certificate certificate, KeyPair keys, Path certFile, Path keyFile) {
        String certPem() {
            return pem(certificate);
        }

        String keyPem() {
            return pem(keys.getPrivate());
        }
    }

    private final Path dir;
    private final Issued ca;
    private final Issued apiServer;
    private final Issued etcdServer;
    private final Issued apiServerEtcdClient;
    private final Issued admin;
    private final Issued controllerManager;
    private final Issued scheduler;
    private final Issued kwok;
    private final KeyPair serviceAccount;

    private ClusterPki(Path dir, List<KeyPair> keys, String serviceIp) throws GeneralSecurityException,
            OperatorCreationException, IOException {
        this.dir = dir;
        Instant now = Instant.now();
        this.ca = write("ca", selfSignedCa(keys.get(0), now), keys.get(0));
        List<String> apiNames = List.of("localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc",
                "kubernetes.default.svc.cluster.local");
        this.apiServer = issue("apiserver", name("kube-apiserver", null), keys.get(1), now, true,
                apiNames, List.of("127.0.0.1", serviceIp));
        this.etcdServer = issue("etcd", name("etcd", null), keys.get(2), now, true,
                List.of("localhost"), List.of("127.0.0.1"));
        this.apiServerEtcdClient = issue("apiserver-etcd-client", name("kube-apiserver-etcd-client", null),
                keys.get(3), now, false, List.of(), List.of());
        this.admin = issue("admin", name("kubeguide-admin", "system:masters"), keys.get(4), now, false,
                List.of(), List.of());
        this.controllerManager = issue("kube-controller-manager", name("system:kube-controller-manager", null),
                keys.get(5), now, false, List.of(), List.of());
        this.scheduler = issue("kube-scheduler", name("system:kube-scheduler", null), keys.get(6), now, false,
                List.of(), List.of());
        // KWOK acts for every fake node (status, leases, Pod status): it gets cluster-admin rights.
        this.kwok = issue("kwok", name("kwok", "system:masters"), keys.get(7), now, false, List.of(), List.of());
        this.serviceAccount = keys.get(8);
        Files.writeString(saKeyFile(), pem(serviceAccount.getPrivate()));
        Files.writeString(saPublicKeyFile(), pem(serviceAccount.getPublic()));
    }

    /**
     * Generates everything into {@code dir} (created if needed). {@code serviceIp} is the first address of the
     * service range (the {@code kubernetes} Service), added to the API server certificate.
     */
    static ClusterPki generate(Path dir, String serviceIp) {
        try {
            Files.createDirectories(dir);
            // RSA key generation dominates; the nine keys are generated in parallel.
            List<CompletableFuture<KeyPair>> futures = Stream.generate(() -> CompletableFuture.supplyAsync(ClusterPki::rsa))
                    .limit(9).toList();
            List<KeyPair> keys = new ArrayList<>();
            for (CompletableFuture<KeyPair> f : futures) {
                keys.add(f.join());
            }
            return new ClusterPki(dir, keys, serviceIp);
        } catch (IOException e) {
            throw new EmbeddedClusterException("pki", "cannot write certificates to " + dir + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | OperatorCreationException | RuntimeException e) {
            throw new EmbeddedClusterException("pki", "cannot generate certificates: " + e.getMessage(), e);
        }
    }

    Issued ca() { return ca; }
    Issued apiServer() { return apiServer; }
    Issued etcdServer() { return etcdServer; }
    Issued apiServerEtcdClient() { return apiServerEtcdClient; }
    Issued admin() { return admin; }
    Issued controllerManager() { return controllerManager; }
    Issued scheduler() { return scheduler; }
    Issued kwok() { return kwok; }
    KeyPair serviceAccount() { return serviceAccount; }
    Path saKeyFile() { return dir.resolve("sa.key"); }
    Path saPublicKeyFile() { return dir.resolve("sa.pub"); }

    /** A self-contained kubeconfig (certificates inlined) for {@code client} against {@code server}. */
    String kubeconfig(String server, Issued client) {
        Base64.Encoder b64 = Base64.getEncoder();
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: embedded
                  cluster:
                    server: %s
                    certificate-authority-data: %s
                users:
                - name: %s
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: embedded
                  context:
                    cluster: embedded
                    user: %s
                current-context: embedded
                """.formatted(server, b64.encodeToString(ca.certPem().getBytes(StandardCharsets.US_ASCII)),
                client.name(), b64.encodeToString(client.certPem().getBytes(StandardCharsets.US_ASCII)),
                b64.encodeToString(client.keyPem().getBytes(StandardCharsets.US_ASCII)), client.name());
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name name(String commonName, String organisation) {
        X500NameBuilder builder = new X500NameBuilder(BCStyle.INSTANCE);
        if (organisation != null) {
            builder.addRDN(BCStyle.O, organisation);
        }
        return builder.addRDN(BCStyle.CN, commonName).build();
    }

    private static X509Certificate selfSignedCa(KeyPair keys, Instant now) throws GeneralSecurityException,
            OperatorCreationException, IOException {
        X500Name subject = name("kubeguide-embedded-ca", null);
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY.multipliedBy(10))), subject,
                keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
        return sign(builder, keys);
    }

    private Issued issue(String fileName, X500Name subject, KeyPair keys, Instant now, boolean server,
            List<String> dnsNames, List<String> ips) throws GeneralSecurityException, OperatorCreationException,
            IOException {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), subject, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true,
                        new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(server
                        ? new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}
                        : new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        ext.createAuthorityKeyIdentifier(ca.certificate()));
        if (!dnsNames.isEmpty() || !ips.isEmpty()) {
            List<GeneralName> names = new ArrayList<>();
            dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
            ips.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        return write(fileName, sign(builder, ca.keys()), keys);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    private Issued write(String fileName, X509Certificate cert, KeyPair keys) throws IOException {
        Path certFile = dir.resolve(fileName + ".crt");
        Path keyFile = dir.resolve(fileName + ".key");
        Files.writeString(certFile, pem(cert));
        Files.writeString(keyFile, pem(keys.getPrivate()));
        return new Issued(fileName, cert, keys, certFile, keyFile);
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM);
    }

    static String pem(Object object) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
