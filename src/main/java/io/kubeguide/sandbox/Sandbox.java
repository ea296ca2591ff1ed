package io.kubeguide.sandbox;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;

/** A READY sandbox: one fenced namespace on a Kubernetes API server. */
public interface Sandbox {

    String namespace();

    String learnerId();

    String exerciseId();

    /** Provider that made it: embedded, k3s or cluster. */
    String provider();

    /**
     * Admin rights on the sandbox's cluster, for setup, grading reads and the live view. Scope every call to
     * {@link #namespace()}: on the embedded and cluster providers other learners' namespaces are on the same API
     * server. Shared: do not close it.
     */
    KubernetesClient adminClient();

    /**
     * The learner's credentials: server URL and CA of the cluster, a bearer token of ServiceAccount {@code learner}
     * (bound to the guide's Role {@code kubeguide-learner} in this namespace only, from the TokenRequest API, renewed before it expires),
     * default namespace = {@link #namespace()}. Learner YAML is always applied with these, never with admin rights.
     */
    Config learnerConfig();

    /**
     * A new client with the learner's credentials whose API-server warnings (e.g. Pod Security {@code restricted}
     * advice) land in {@code warnings}. The caller closes it.
     */
    default KubernetesClient learnerClient(WarningCapture warnings) {
        return warnings.newClient(learnerConfig());
    }
}
