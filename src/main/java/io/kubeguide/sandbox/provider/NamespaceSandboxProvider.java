package io.kubeguide.sandbox.provider;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubeguide.metrics.GuideMetrics;
import io.kubeguide.sandbox.GuideInstances;
import io.kubeguide.sandbox.LearnerCredentials;
import io.kubeguide.sandbox.ProviderProgress;
import io.kubeguide.sandbox.ProvisionedSandbox;
import io.kubeguide.sandbox.SandboxAdmissionPolicy;
import io.kubeguide.sandbox.SandboxFence;
import io.kubeguide.sandbox.SandboxIdentity;
import io.kubeguide.sandbox.SandboxLabels;
import io.kubeguide.sandbox.SandboxProvider;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fenced namespace per sandbox on one cluster: the embedded control plane or a cluster from a kubeconfig. On
 * start it installs the fence's admission policies, registers this guide instance (a renewed Lease) and deletes
 * leftovers of crashed instances.
 */
public class NamespaceSandboxProvider implements SandboxProvider {

    private static final Logger log = LoggerFactory.getLogger(NamespaceSandboxProvider.class);

    private final String name;
    private final ClusterConnection connection;
    private final String instanceId;
    private final Duration leaseDuration;
    private final List<String> allowedImages;
    private volatile KubernetesClient admin;
    private volatile GuideInstances instances;
    private ScheduledExecutorService heartbeat;

    public NamespaceSandboxProvider(
            String name,
            ClusterConnection connection,
            String instanceId,
            Duration leaseDuration,
            List<String> allowedImages) {
        this.name = name;
        this.connection = connection;
        this.instanceId = instanceId;
        this.leaseDuration = leaseDuration;
        this.allowedImages = List.copyOf(allowedImages);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        if (isStarted()) {
            return;
        }
        long opening = System.nanoTime();
        KubernetesClient client = connection.open();
        GuideMetrics.controlPlaneStarted(name, Duration.ofNanos(System.nanoTime() - opening));
        SandboxAdmissionPolicy.install(client);
        GuideInstances registry = new GuideInstances(client, instanceId, leaseDuration);
        registry.renew();
        registry.deleteLeftoversOfDeadInstances();
        heartbeat = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sandbox-heartbeat-" + name);
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1000, leaseDuration.toMillis() / 3);
        heartbeat.scheduleAtFixedRate(
                () -> {
                    try {
                        registry.renew();
                    } catch (RuntimeException e) {
                        log.warn(
                                "Could not renew this guide instance's lease on the {} cluster: {}",
                                name,
                                e.getMessage());
                    }
                },
                period,
                period,
                TimeUnit.MILLISECONDS);
        instances = registry;
        admin = client;
    }

    /** False before the first start, and again when the cluster is gone, so the next preparation restarts it. */
    @Override
    public synchronized boolean isStarted() {
        if (admin != null && !connection.isHealthy()) {
            log.warn("The {} cluster is gone; it is started again for the next sandbox", name);
            stopHeartbeat();
            admin = null;
        }
        return admin != null;
    }

    @Override
    public Optional<ProviderProgress> startProgress() {
        return admin != null ? Optional.empty() : connection.startProgress();
    }

    @Override
    public ProvisionedSandbox provision(SandboxIdentity identity) {
        KubernetesClient client = requireStarted();
        try {
            LearnerCredentials credentials = SandboxFence.fence(client, identity, allowedImages);
            return new ProvisionedSandbox(identity, name, client, credentials, null);
        } catch (RuntimeException e) {
            deleteQuietly(client, identity.namespace());
            throw e;
        }
    }

    @Override
    public boolean isAlive(ProvisionedSandbox sandbox) {
        try {
            return sandbox.namespaceLive();
        } catch (KubernetesClientException e) {
            log.warn("The {} cluster did not answer about sandbox {}: {}", name, sandbox.namespace(), e.getMessage());
            return false;
        }
    }

    @Override
    public void release(ProvisionedSandbox sandbox) {
        if (!connection.isHealthy()) {
            return; // the cluster is gone (e.g. the embedded one stopped at JVM exit), and the namespace with it
        }
        try {
            Namespace ns = sandbox.adminClient()
                    .namespaces()
                    .withName(sandbox.namespace())
                    .get();
            if (ns != null) {
                GuideInstances.deleteSandbox(sandbox.adminClient(), ns);
            }
        } catch (KubernetesClientException e) {
            log.warn("Could not delete sandbox {}: {}", sandbox.namespace(), e.getMessage());
        }
    }

    @Override
    public Optional<ProvisionedSandbox> adopt(SandboxIdentity identity, String instanceId) {
        KubernetesClient client = requireStarted();
        try {
            Namespace ns = client.namespaces().withName(identity.namespace()).get();
            if (ns == null || ns.getMetadata().getDeletionTimestamp() != null) {
                return Optional.empty();
            }
            client.namespaces().withName(identity.namespace()).edit(n -> {
                n.getMetadata().getLabels().put(SandboxLabels.INSTANCE, instanceId);
                return n;
            });
            LearnerCredentials credentials = SandboxFence.issueLearnerCredentials(client, identity.namespace());
            return Optional.of(new ProvisionedSandbox(identity, name, client, credentials, null));
        } catch (KubernetesClientException e) {
            log.warn("Could not take over sandbox {}: {}", identity.namespace(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void delete(SandboxIdentity identity) {
        release(new ProvisionedSandbox(identity, name, requireStarted(), null, null));
    }

    @Override
    public boolean isInstanceAlive(String instanceId) {
        GuideInstances registry = instances;
        return registry != null && registry.isAlive(instanceId);
    }

    private void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.shutdownNow();
            heartbeat = null;
        }
    }

    @Override
    public synchronized void close() {
        stopHeartbeat();
        if (instances != null && connection.isHealthy()) {
            instances.retire();
            instances = null;
        }
        admin = null;
        connection.close();
    }

    private KubernetesClient requireStarted() {
        KubernetesClient client = admin;
        if (client == null) {
            throw new IllegalStateException("provider " + name + " is not started");
        }
        return client;
    }

    private static void deleteQuietly(KubernetesClient client, String namespace) {
        try {
            client.namespaces().withName(namespace).delete();
        } catch (RuntimeException e) {
            log.debug("Could not delete half-made namespace {}: {}", namespace, e.getMessage());
        }
    }
}
