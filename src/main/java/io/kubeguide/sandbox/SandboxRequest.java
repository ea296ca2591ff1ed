package io.kubeguide.sandbox;

import java.util.Set;

/**
 * What a learner asks for: a sandbox for one exercise, prepared with that exercise's setup.
 *
 * @param setupYaml    multi-document YAML applied with admin rights when the sandbox is prepared; may be blank and
 *                     may contain {@code {{namespace}}}, replaced by the sandbox namespace
 * @param serviceTypes Service types beyond ClusterIP and ExternalName the exercise needs (NodePort, LoadBalancer);
 *                     the fence refuses others
 * @param client       the client address that pays for a new sandbox from its budget ({@code guide.limits}); null
 *                     when no client asks (tests, benchmarks): then only the global budget counts
 */
public record SandboxRequest(
        String learnerId, String exerciseId, String setupYaml, Set<String> serviceTypes, String client) {

    public SandboxRequest {
        if (learnerId == null || learnerId.isBlank()) {
            throw new IllegalArgumentException("learnerId is required");
        }
        if (exerciseId == null || exerciseId.isBlank()) {
            throw new IllegalArgumentException("exerciseId is required");
        }
        setupYaml = setupYaml == null ? "" : setupYaml;
        serviceTypes = serviceTypes == null ? Set.of() : Set.copyOf(serviceTypes);
    }

    public SandboxRequest(String learnerId, String exerciseId, String setupYaml) {
        this(learnerId, exerciseId, setupYaml, Set.of(), null);
    }

    public SandboxRequest(String learnerId, String exerciseId, String setupYaml, Set<String> serviceTypes) {
        this(learnerId, exerciseId, setupYaml, serviceTypes, null);
    }

    public SandboxRequest(String learnerId, String exerciseId, String setupYaml, String client) {
        this(learnerId, exerciseId, setupYaml, Set.of(), client);
    }
}
