package io.kubeguide.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The fence's objects that read best as YAML, from {@code src/main/resources/sandbox/}: the admission policies, the
 * learner's Role and the NetworkPolicy.
 */
final class FenceManifests {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private FenceManifests() {}

    /** Cluster-scoped: two ValidatingAdmissionPolicies and their bindings. */
    static List<HasMetadata> admissionPolicies() {
        return Arrays.stream(read("admission-policies.yaml").split("(?m)^---$"))
                .map(doc -> SERIALIZATION.unmarshal(doc, HasMetadata.class))
                .toList();
    }

    static Role learnerRole() {
        return SERIALIZATION.unmarshal(read("learner-role.yaml"), Role.class);
    }

    static NetworkPolicy networkPolicy() {
        return SERIALIZATION.unmarshal(read("network-policy.yaml"), NetworkPolicy.class);
    }

    private static String read(String name) {
        try (InputStream in = FenceManifests.class.getResourceAsStream("/sandbox/" + name)) {
            if (in == null) {
                throw new IllegalStateException("sandbox/" + name + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
