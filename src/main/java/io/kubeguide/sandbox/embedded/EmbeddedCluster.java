package io.kubeguide.sandbox.embedded;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubeguide.files.PrivateFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Kubernetes control plane made of the real upstream components, run as child processes on loopback:
 * etcd, kube-apiserver, kube-controller-manager, kube-scheduler and KWOK, whose fake nodes make scheduled Pods
 * Running and Ready with Pod IPs, so that Deployments, Services and EndpointSlices behave as on a real cluster.
 *
 * <p>{@link #start} blocks until the API server is ready, the fake nodes are Ready and the default ServiceAccount
 * exists. Everything runs in the work directory: certificates, kubeconfigs, etcd data, one log per component
 * ({@code logs/<component>.log}) and a pid file, all readable by the guide's user only (files 0600, directories
 * 0700). Every component listens on 127.0.0.1 only; etcd's peer endpoint, which a single member never dials, is a
 * unix socket in the work directory rather than a network port. {@link #close} (or JVM exit) stops every process;
 * a start after a crash ends the processes the crashed run left.
 */
public final class EmbeddedCluster implements AutoCloseable {

    /** Annotation that puts a Node under KWOK's management. */
    public static final String KWOK_NODE_ANNOTATION = "kwok.x-k8s.io/node";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedCluster.class);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    /**
     * etcd's peer listener: a unix socket in the work directory (etcd's working directory). The ":0" is part of the
     * file name: etcd wants its advertised peer URLs, unix ones too, in the form host:port.
     */
    static final String ETCD_PEER_SOCKET = "etcd-peer.sock:0";

    private final EmbeddedClusterProperties props;
    private final StartProgress progress;
    private final Path workDir;
    private final Path binDir;
    private final ProcessLedger ledger;
    private final Map<String, ComponentProcess> processes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Integer> ports = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread shutdownHook = new Thread(this::stopFromHook, "embedded-cluster-shutdown");
    private final StringBuilder phases = new StringBuilder();
    private long lastPhase;
    private ClusterPki pki;
    private String serverUrl;
    private String adminKubeconfig;
    private KubernetesClient adminClient;

    private EmbeddedCluster(
            EmbeddedClusterProperties props, Path workDir, Path binDir, ProcessLedger ledger, StartProgress progress) {
        this.props = props;
        this.progress = progress;
        this.workDir = workDir;
        this.binDir = binDir;
        this.ledger = ledger;
    }

    /**
     * Starts a control plane and blocks until it is ready.
     *
     * @throws EmbeddedClusterException naming the component at fault and quoting the tail of its log
     */
    public static EmbeddedCluster start(EmbeddedClusterProperties props) {
        return start(props, StartProgress.forStart(props));
    }

    /**
     * Starts a control plane and blocks until it is ready, telling {@code progress} each phase (the binaries' build
     * or download, then the components' start). {@code guide.embedded.start-timeout} counts from when the binaries
     * are there: a build of several minutes does not eat into it.
     *
     * @throws EmbeddedClusterException naming the component at fault and quoting the tail of its log
     */
    public static EmbeddedCluster start(EmbeddedClusterProperties props, StartProgress progress) {
        long begin = System.nanoTime();
        Path workDir = props.workDir().toAbsolutePath().normalize();
        ProcessLedger ledger = ProcessLedger.open(workDir);
        EmbeddedCluster cluster = null;
        try {
            progress.begin();
            List<Long> ended = ledger.endLeftovers();
            if (!ended.isEmpty()) {
                log.warn("Ended {} process(es) left by an earlier run in {}: {}", ended.size(), workDir, ended);
            }
            resetWorkDir(workDir);
            Path binDir = ControlPlaneBinaries.resolve(props, workDir.resolve("logs"), progress);
            cluster = new EmbeddedCluster(props, workDir, binDir, ledger, progress);
            cluster.phase("binaries", begin);
            cluster.boot(begin, System.nanoTime());
            progress.finish();
            return cluster;
        } catch (RuntimeException | Error e) {
            progress.abandon();
            if (cluster != null) {
                cluster.close();
            } else {
                ledger.close();
            }
            throw e;
        }
    }

    /** An admin client (group {@code system:masters}); closed with the cluster. */
    public KubernetesClient adminClient() {
        return adminClient;
    }

    /** A self-contained admin kubeconfig (YAML, certificates inlined), also written to {@code admin.kubeconfig}. */
    public String adminKubeconfig() {
        return adminKubeconfig;
    }

    /** A client configuration for the same API server that authenticates with a bearer token (e.g. a ServiceAccount's). */
    public Config clientConfigFor(String bearerToken) {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(serverUrl)
                .withCaCertData(base64(pki.ca().certPem()))
                .withOauthToken(bearerToken)
                .build();
    }

    /** {@code https://127.0.0.1:<port>} */
    public String serverUrl() {
        return serverUrl;
    }

    public Path workDir() {
        return workDir;
    }

    public Path binDir() {
        return binDir;
    }

    /** The loopback ports this cluster listens on (etcd client, API server, controller manager, scheduler). */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** Pids of the running component processes, by component name. */
    public Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        synchronized (processes) {
            processes.forEach((name, p) -> pids.put(name, p.pid()));
        }
        return pids;
    }

    /** True while every component process runs. */
    public boolean isRunning() {
        synchronized (processes) {
            return !closed.get() && processes.values().stream().allMatch(ComponentProcess::alive);
        }
    }

    /** Stops every component (controllers first, etcd last) and releases the work directory. Idempotent. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | IllegalArgumentException e) {
            // JVM is shutting down, or the hook was never registered
        }
    }

    // ---- start ---------------------------------------------------------------------------------------------------

    private void boot(long begin, long binariesReady) {
        long deadline = binariesReady + props.startTimeout().toNanos();
        progress.enter(StartPhase.ETCD);
        allocatePorts(4);
        int etcdPort = ports.get(0);
        int apiPort = ports.get(1);
        int controllerManagerPort = ports.get(2);
        int schedulerPort = ports.get(3);
        serverUrl = "https://127.0.0.1:" + apiPort;

        pki = ClusterPki.generate(workDir.resolve("pki"), firstAddress(props.serviceCidr()));
        phase("pki", lastPhase);
        adminKubeconfig = pki.kubeconfig(serverUrl, pki.admin());
        Path controllerManagerKubeconfig =
                write("kube-controller-manager.kubeconfig", pki.kubeconfig(serverUrl, pki.controllerManager()));
        Path schedulerKubeconfig = write("kube-scheduler.kubeconfig", pki.kubeconfig(serverUrl, pki.scheduler()));
        Path kwokKubeconfig = write("kwok.kubeconfig", pki.kubeconfig(serverUrl, pki.kwok()));
        write("admin.kubeconfig", adminKubeconfig);

        Runtime.getRuntime().addShutdownHook(shutdownHook);

        String etcdUrl = "https://127.0.0.1:" + etcdPort;
        // A single member never dials its peer URL, but etcd always listens on it: a unix socket named relative to
        // etcd's working directory (the work dir, 0700) instead of a TCP port. etcd 3.6 serves unix peer sockets
        // without TLS even for unixs://, so what guards it is the directory's permissions.
        String peerUrl = "unix://" + ETCD_PEER_SOCKET;
        ComponentProcess etcd = launch(
                "etcd",
                List.of(
                        "--name=embedded",
                        "--data-dir=" + workDir.resolve("etcd"),
                        "--listen-client-urls=" + etcdUrl,
                        "--advertise-client-urls=" + etcdUrl,
                        "--listen-peer-urls=" + peerUrl,
                        "--initial-advertise-peer-urls=" + peerUrl,
                        "--initial-cluster=embedded=" + peerUrl,
                        "--cert-file=" + pki.etcdServer().certFile(),
                        "--key-file=" + pki.etcdServer().keyFile(),
                        "--trusted-ca-file=" + pki.etcdCa().certFile(),
                        "--client-cert-auth=true",
                        // A sandbox's data is disposable: skip fsync, which dominates etcd latency on shared disks.
                        "--unsafe-no-fsync=true",
                        "--log-level=warn"));
        ComponentProcess apiServer = launch(
                "kube-apiserver",
                List.of(
                        "--etcd-servers=" + etcdUrl,
                        "--etcd-cafile=" + pki.etcdCa().certFile(),
                        "--etcd-certfile=" + pki.apiServerEtcdClient().certFile(),
                        "--etcd-keyfile=" + pki.apiServerEtcdClient().keyFile(),
                        "--bind-address=127.0.0.1",
                        "--advertise-address=127.0.0.1",
                        "--secure-port=" + apiPort,
                        "--cert-dir=" + workDir.resolve("pki"),
                        "--tls-cert-file=" + pki.apiServer().certFile(),
                        "--tls-private-key-file=" + pki.apiServer().keyFile(),
                        "--client-ca-file=" + pki.ca().certFile(),
                        "--service-cluster-ip-range=" + props.serviceCidr(),
                        "--service-node-port-range=" + props.nodePortRange(),
                        "--authorization-mode=Node,RBAC",
                        "--enable-admission-plugins=NodeRestriction",
                        // As kubeadm and K3s do: privileged Pods pass validation, so Pod Security Admission is what
                        // refuses them in learners' namespaces (the same fence, and message, on every provider).
                        "--allow-privileged=true",
                        "--service-account-issuer=https://kubernetes.default.svc.cluster.local",
                        "--service-account-key-file=" + pki.saPublicKeyFile(),
                        "--service-account-signing-key-file=" + pki.saKeyFile(),
                        // The default reconciler writes 127.0.0.1 into Endpoints "kubernetes", which validation
                        // refuses:
                        // "may not be in the loopback range".
                        "--endpoint-reconciler-type=none",
                        "--profiling=false"));

        awaitReady(deadline, etcd, "did not listen on port " + etcdPort, List.of(etcd), () -> !portFree(etcdPort));
        progress.enter(StartPhase.API_SERVER);
        // While the API server starts: build the admin client and load fabric8's model classes (a second or more in a
        // fresh JVM) so that the nodes are created as soon as the API server is ready.
        adminClient = new KubernetesClientBuilder().withConfig(adminConfig()).build();
        List<Node> nodes = IntStream.range(0, props.nodes())
                .mapToObj(i -> fakeNode("kwok-node-" + i))
                .toList();
        Thread warmUp = new Thread(() -> Serialization.asJson(nodes.get(0)), "embedded-cluster-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
        // Controller manager and scheduler start once the API server listens, while it finishes starting up;
        // KWOK only once it is ready.
        awaitReady(
                deadline,
                apiServer,
                "did not listen on port " + apiPort,
                List.of(etcd, apiServer),
                () -> !portFree(apiPort));
        // No --authentication/authorization-kubeconfig for controller manager and scheduler: their /healthz is
        // always allowed, and nothing else of their own HTTPS endpoints is used.
        List<String> controllerManagerArgs = List.of(
                "--kubeconfig=" + controllerManagerKubeconfig,
                "--bind-address=127.0.0.1",
                "--secure-port=" + controllerManagerPort,
                "--leader-elect=false",
                "--controllers=*",
                "--use-service-account-credentials=false",
                "--service-account-private-key-file=" + pki.saKeyFile(),
                "--root-ca-file=" + pki.ca().certFile(),
                "--cluster-signing-cert-file=" + pki.ca().certFile(),
                "--cluster-signing-key-file=" + pki.ca().keyFile(),
                "--service-cluster-ip-range=" + props.serviceCidr(),
                "--allocate-node-cidrs=false",
                // Lifts the not-ready taints within a second of KWOK reporting the new nodes Ready (default 5 s).
                "--node-monitor-period=1s",
                "--profiling=false");
        launch("kube-controller-manager", controllerManagerArgs);
        launch(
                "kube-scheduler",
                List.of(
                        "--kubeconfig=" + schedulerKubeconfig,
                        "--bind-address=127.0.0.1",
                        "--secure-port=" + schedulerPort,
                        "--leader-elect=false",
                        "--profiling=false"));
        HttpClient adminHttp = adminHttp();
        awaitReady(
                deadline,
                apiServer,
                "did not become ready (GET /readyz)",
                List.of(etcd, apiServer, processes.get("kube-scheduler")),
                () -> httpOk(adminHttp, serverUrl + "/readyz"));
        // The controller manager gives up when the API server is not healthy within 10 s of its own start
        // ("failed to wait for apiserver being healthy"), which a loaded machine can exceed: start it once more.
        ComponentProcess controllerManager = processes.get("kube-controller-manager");
        if (!controllerManager.alive()) {
            String tail = ComponentProcess.tail(controllerManager.logFile(), 5);
            if (!tail.contains("failed to wait for apiserver")) {
                throw controllerManager.failure("exited during start");
            }
            log.info("kube-controller-manager gave up waiting for the API server; starting it again");
            launch("kube-controller-manager", controllerManagerArgs);
        }
        phase("api-server", lastPhase);
        progress.enter(StartPhase.NODES);

        launch(
                "kwok",
                List.of(
                        "--kubeconfig=" + kwokKubeconfig,
                        "--manage-all-nodes=false",
                        "--manage-nodes-with-annotation-selector=" + KWOK_NODE_ANNOTATION + "=fake",
                        // KWOK renews the nodes' Leases (as kwokctl does); without them the controller manager only
                        // sees the
                        // node status heartbeat, about once a minute, marks the nodes NotReady after its grace period
                        // and
                        // with them every Pod not ready: Services lose their endpoints in the middle of a lesson.
                        "--node-lease-duration-seconds=40",
                        "--cidr=" + props.podCidr()));

        for (Node node : nodes) {
            adminClient.nodes().resource(node).create();
        }
        List<ComponentProcess> all = List.copyOf(processes.values());
        awaitReady(deadline, processes.get("kwok"), "did not make the fake nodes Ready", all, this::nodesReady);
        phase("nodes", lastPhase);
        progress.enter(StartPhase.CONTROLLERS);
        awaitReady(
                deadline,
                processes.get("kube-controller-manager"),
                "did not create the default ServiceAccount",
                all,
                () -> adminClient
                                .serviceAccounts()
                                .inNamespace("default")
                                .withName("default")
                                .get()
                        != null);
        HttpClient insecure = insecureHttp();
        awaitReady(
                deadline,
                processes.get("kube-controller-manager"),
                "did not become healthy (GET /healthz)",
                all,
                () -> httpOk(insecure, "https://127.0.0.1:" + controllerManagerPort + "/healthz"));
        awaitReady(
                deadline,
                processes.get("kube-scheduler"),
                "did not become healthy (GET /healthz)",
                all,
                () -> httpOk(insecure, "https://127.0.0.1:" + schedulerPort + "/healthz"));
        phase("controllers", lastPhase);
        log.info(
                "Embedded Kubernetes v{} ready at {} in {} ms ({}; {} fake nodes; work dir {})",
                props.kubernetesVersion(),
                serverUrl,
                (System.nanoTime() - begin) / 1_000_000,
                phases,
                props.nodes(),
                workDir);
    }

    private void phase(String name, long since) {
        long now = System.nanoTime();
        phases.append(phases.length() > 0 ? ", " : "")
                .append(name)
                .append(' ')
                .append((now - since) / 1_000_000)
                .append(" ms");
        lastPhase = now;
    }

    private ComponentProcess launch(String component, List<String> args) {
        ComponentProcess process = ComponentProcess.start(
                component,
                binDir.resolve(component),
                args,
                workDir.resolve("logs").resolve(component + ".log"),
                workDir);
        processes.put(component, process);
        ledger.record(component, process.pid());
        return process;
    }

    /**
     * Polls {@code condition} until it holds; fails fast, naming the component, when one of {@code watched} exits,
     * and names {@code responsible} when the deadline passes.
     */
    private static void awaitReady(
            long deadline,
            ComponentProcess responsible,
            String what,
            List<ComponentProcess> watched,
            BooleanSupplier condition) {
        long pause = 50;
        while (true) {
            for (ComponentProcess p : watched) {
                if (!p.alive()) {
                    throw p.failure("exited during start");
                }
            }
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (KubernetesClientException e) {
                log.debug("Not ready yet: {}", e.getMessage());
            }
            if (System.nanoTime() > deadline) {
                throw responsible.failure(what + " within the start timeout");
            }
            sleep(pause);
            pause = Math.min(pause * 2, 250);
        }
    }

    private boolean nodesReady() {
        List<Node> nodes = adminClient.nodes().withLabel("type", "kwok").list().getItems();
        return nodes.size() >= props.nodes()
                && nodes.stream()
                        .allMatch(n -> n.getStatus() != null
                                && n.getStatus().getConditions() != null
                                && n.getStatus().getConditions().stream()
                                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                                && (n.getSpec().getTaints() == null
                                        || n.getSpec().getTaints().stream()
                                                .noneMatch(t -> t.getKey().startsWith("node.kubernetes.io/"))));
    }

    private static final Map<String, Quantity> FAKE_NODE_RESOURCES = Map.of(
            "cpu",
            new Quantity("1k"),
            "memory",
            new Quantity("1Ti"),
            "pods",
            new Quantity("1M"),
            "ephemeral-storage",
            new Quantity("1Ti"));

    private static Node fakeNode(String name) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .addToAnnotations(KWOK_NODE_ANNOTATION, "fake")
                .addToAnnotations("node.alpha.kubernetes.io/ttl", "0")
                .addToLabels("type", "kwok")
                .addToLabels("kubernetes.io/hostname", name)
                .addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", ControlPlaneBinaries.goArch())
                .addToLabels("kubernetes.io/role", "agent")
                .addToLabels("node-role.kubernetes.io/agent", "")
                .endMetadata()
                // KWOK keeps a node's own allocatable (its defaults have no ephemeral-storage): like a kubelet's, so
                // that Pods requesting ephemeral storage (the sandbox's LimitRange gives every container some) fit
                .withNewStatus()
                .withCapacity(FAKE_NODE_RESOURCES)
                .withAllocatable(FAKE_NODE_RESOURCES)
                .endStatus()
                .build();
    }

    private Config adminConfig() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(serverUrl)
                .withCaCertData(base64(pki.ca().certPem()))
                .withClientCertData(base64(pki.admin().certPem()))
                .withClientKeyData(base64(pki.admin().keyPem()))
                .withClientKeyAlgo("EC")
                .build();
    }

    // ---- stop ----------------------------------------------------------------------------------------------------

    private void stopFromHook() {
        if (!closed.get()) {
            log.info("JVM exit: stopping the embedded cluster in {}", workDir);
            stop();
        }
    }

    private void stop() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (adminClient != null) {
            try {
                adminClient.close();
            } catch (RuntimeException e) {
                log.debug("Closing the admin client", e);
            }
        }
        // Controllers and KWOK first (they only talk to the API server), then the API server, etcd last.
        stopAll(List.of("kwok", "kube-scheduler", "kube-controller-manager"));
        stopAll(List.of("kube-apiserver"));
        stopAll(List.of("etcd"));
        ledger.clear();
        ledger.close();
    }

    private void stopAll(List<String> names) {
        List<ComponentProcess> stopping = new ArrayList<>();
        for (String name : names) {
            ComponentProcess p = processes.get(name);
            if (p != null) {
                p.terminate();
                stopping.add(p);
            }
        }
        for (ComponentProcess p : stopping) {
            if (!p.awaitOrKill(STOP_GRACE)) {
                log.warn("{} did not stop within {} s and was killed", p.name(), STOP_GRACE.toSeconds());
            }
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    private void allocatePorts(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports.add(socket.getLocalPort());
            }
        } catch (IOException e) {
            throw new EmbeddedClusterException("ports", "cannot find free loopback ports: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : sockets) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closed anyway
                }
            }
        }
    }

    /** True when nothing listens on the loopback port. */
    static boolean portFree(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static void resetWorkDir(Path workDir) {
        for (String stale : List.of("pki", "etcd", "logs")) {
            ControlPlaneBinaries.deleteTree(workDir.resolve(stale));
        }
        try (var files = Files.list(workDir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".kubeconfig"))
                    .toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(workDir.resolve(ETCD_PEER_SOCKET));
            PrivateFiles.createDirectories(workDir.resolve("logs"));
        } catch (IOException e) {
            throw new EmbeddedClusterException("work-dir", "cannot prepare " + workDir + ": " + e.getMessage(), e);
        }
    }

    private Path write(String name, String content) {
        Path file = workDir.resolve(name);
        try {
            return PrivateFiles.writeString(file, content);
        } catch (IOException e) {
            throw new EmbeddedClusterException("work-dir", "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first host address of a CIDR (e.g. 10.96.0.1 for 10.96.0.0/16): the {@code kubernetes} Service. */
    static String firstAddress(String cidr) {
        String[] parts = cidr.split("/")[0].split("\\.");
        long ip = 0;
        for (String part : parts) {
            ip = (ip << 8) | Integer.parseInt(part);
        }
        ip += 1;
        return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255);
    }

    private HttpClient adminHttp() {
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] password = "embedded".toCharArray();
            keys.setKeyEntry("admin", pki.admin().keys().getPrivate(), password, new Certificate[] {
                pki.admin().certificate(), pki.ca().certificate()
            });
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, password);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", pki.ca().certificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
            return http(context);
        } catch (Exception e) {
            throw new EmbeddedClusterException("pki", "cannot build a TLS client: " + e.getMessage(), e);
        }
    }

    /** For the health endpoints of controller manager and scheduler, which serve self-signed certificates. */
    private static HttpClient insecureHttp() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustLoopback()}, new SecureRandom());
            return http(context);
        } catch (Exception e) {
            throw new EmbeddedClusterException("pki", "cannot build a TLS client: " + e.getMessage(), e);
        }
    }

    /** HTTP/1.1: the JDK client's HTTP/2 gets "GOAWAY received" from the components' Go servers. */
    private static HttpClient http(SSLContext context) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    private static boolean httpOk(HttpClient http, String url) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedClusterException("start", "interrupted", e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedClusterException("start", "interrupted", e);
        }
    }

    /** Accepts any certificate: used only for health probes of our own child processes on 127.0.0.1. */
    private static final class TrustLoopback extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
