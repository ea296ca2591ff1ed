package io.kubeguide.sandbox;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Names of one sandbox: its id (label value), the guide instance that owns it, and its namespace.
 */
public record SandboxIdentity(String sandboxId, String instanceId, String namespace) {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** A new sandbox of {@code instanceId}: namespace {@code kg-<instance>-<random>}. */
    public static SandboxIdentity next(String instanceId) {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        String sandboxId = instanceId + "-" + HexFormat.of().formatHex(bytes);
        return new SandboxIdentity(sandboxId, instanceId, "kg-" + sandboxId);
    }

    /** A random instance id: 8 lowercase hex characters (fits labels and namespace names). */
    public static String randomInstanceId() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
