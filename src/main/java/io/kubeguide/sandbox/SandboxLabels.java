package io.kubeguide.sandbox;

import java.util.Map;

/** Labels and annotations every sandbox object carries; cleanup finds sandboxes by them. */
public final class SandboxLabels {

    public static final String SANDBOX = "kubeguide.io/sandbox";
    public static final String INSTANCE = "kubeguide.io/instance";
    /**
     * On the namespace of a sandbox that guide replicas share: the learner's hash ({@code LogSafe.learnerKey}).
     * Leftover cleanup at start leaves these to the replicas' shared registry, which may still hand them over.
     */
    public static final String LEARNER = "kubeguide.io/learner";

    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY_GUIDE = "kubernetes-mastery-guide";
    /** On the sandbox namespace: the cluster-scoped kinds its setup created, "apiVersion/Kind" comma separated. */
    public static final String CLUSTER_SCOPED_KINDS = "kubeguide.io/cluster-scoped-kinds";
    /** On the sandbox namespace, read by the admission policy: the images its Pods may run, comma separated. */
    public static final String ALLOWED_IMAGES = "kubeguide.io/allowed-images";
    /**
     * On the sandbox namespace, read by the admission policy: Service types allowed beyond ClusterIP and
     * ExternalName (NodePort, LoadBalancer), comma separated.
     */
    public static final String SERVICE_TYPES = "kubeguide.io/service-types";

    private SandboxLabels() {}

    public static Map<String, String> of(SandboxIdentity identity) {
        return Map.of(SANDBOX, identity.sandboxId(), INSTANCE, identity.instanceId(), MANAGED_BY, MANAGED_BY_GUIDE);
    }
}
