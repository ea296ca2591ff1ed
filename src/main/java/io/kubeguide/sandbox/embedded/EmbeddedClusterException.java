package io.kubeguide.sandbox.embedded;

/** The embedded control plane could not be prepared or started; names the component and quotes its log. */
public class EmbeddedClusterException extends RuntimeException {

    private final String component;

    public EmbeddedClusterException(String component, String message) {
        this(component, message, null);
    }

    public EmbeddedClusterException(String component, String message, Throwable cause) {
        super(component + ": " + message, cause);
        this.component = component;
    }

    /** The component at fault: etcd, kube-apiserver, ..., or "binaries" / "pki" / "work-dir" for preparation. */
    public String component() {
        return component;
    }
}
