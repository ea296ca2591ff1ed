package io.kubeguide.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;

/**
 * Names of one sandbox: its id (label value), the guide instance that owns it, and its namespace; and the Service
 * types beyond ClusterIP and ExternalName its exercise needs ({@code NodePort}, {@code LoadBalancer}), which the
 * fence allows in this namespace only; and, when replicas share sandboxes, the hash of the learner it is for
 * ({@code LogSafe.learnerKey}, label {@code kubeguide.io/learner} on the namespace), else null.
 */
public record SandboxIdentity(
        String sandboxId, String instanceId, String namespace, Set<String> serviceTypes, String learnerKey) {

    public SandboxIdentity {
        serviceTypes = serviceTypes == null ? Set.of() : Set.copyOf(serviceTypes);
    }

    public SandboxIdentity(String sandboxId, String instanceId, String namespace, Set<String> serviceTypes) {
        this(sandboxId, instanceId, namespace, serviceTypes, null);
    }

    public SandboxIdentity(String sandboxId, String instanceId, String namespace) {
        this(sandboxId, instanceId, namespace, Set.of());
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new sandbox of {@code instanceId}: namespace {@code kg-<instance>-<random>}. */
    public static SandboxIdentity next(String instanceId) {
        return next(instanceId, Set.of());
    }

    /** A new sandbox of {@code instanceId} whose exercise needs these Service types. */
    public static SandboxIdentity next(String instanceId, Set<String> serviceTypes) {
        return next(instanceId, serviceTypes, null);
    }

    /** ... for the learner with this {@code LogSafe.learnerKey} (null: not shared with other replicas). */
    public static SandboxIdentity next(String instanceId, Set<String> serviceTypes, String learnerKey) {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        String sandboxId = instanceId + "-" + HexFormat.of().formatHex(bytes);
        return new SandboxIdentity(sandboxId, instanceId, "kg-" + sandboxId, serviceTypes, learnerKey);
    }

    /** A random instance id: 8 lowercase hex characters (fits labels and namespace names). */
    public static String randomInstanceId() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
