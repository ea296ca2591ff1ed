package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the fence writes down, before any API server sees it (that it holds is {@code HostileLearnerIT}). */
class SandboxFenceTest {

    @Test
    void theNamespaceTellsThePolicyWhatThisSandboxMayUse() {
        SandboxIdentity identity = new SandboxIdentity("i-1", "i", "kg-i-1", Set.of("LoadBalancer"));
        Namespace ns = SandboxFence.namespace(identity, List.of("registry.k8s.io/pause:3.10", "busybox:1.36"));
        assertThat(ns.getMetadata().getLabels()).containsEntry(SandboxLabels.SANDBOX, "i-1");
        assertThat(ns.getMetadata().getAnnotations())
                .containsEntry(SandboxLabels.ALLOWED_IMAGES, "registry.k8s.io/pause:3.10,busybox:1.36")
                .as("a LoadBalancer Service is a NodePort Service too")
                .containsEntry(SandboxLabels.SERVICE_TYPES, "LoadBalancer,NodePort");
        assertThat(SandboxFence.namespace(new SandboxIdentity("i-2", "i", "kg-i-2"), List.of("a:1"))
                        .getMetadata()
                        .getAnnotations())
                .containsEntry(SandboxLabels.SERVICE_TYPES, "");
    }

    @Test
    void onlyNodePortAndLoadBalancerCanBeAllowed() {
        assertThatThrownBy(() -> SandboxFence.serviceTypes(Set.of("ExternalIP")))
                .hasMessageContaining("only NodePort and LoadBalancer");
    }

    @Test
    void allowedImagesMustBeImageReferences() {
        assertThat(SandboxFenceProperties.defaults().allowedImages()).containsExactly("registry.k8s.io/pause:3.10");
        assertThatThrownBy(() -> new SandboxFenceProperties(List.of("a:1,b:2")))
                .hasMessageContaining("guide.sandbox.allowed-images");
        assertThatThrownBy(() -> new SandboxFenceProperties(List.of(" ")))
                .hasMessageContaining("guide.sandbox.allowed-images");
    }

    @Test
    void theLearnersRoleGrantsNoWayOut() {
        Role role = FenceManifests.learnerRole();
        List<String> resources =
                role.getRules().stream().flatMap(r -> r.getResources().stream()).toList();
        assertThat(resources)
                .contains("services", "pods", "deployments", "persistentvolumeclaims", "endpointslices")
                .doesNotContain(
                        "secrets",
                        "pods/exec",
                        "pods/attach",
                        "pods/portforward",
                        "pods/ephemeralcontainers",
                        "serviceaccounts",
                        "serviceaccounts/token",
                        "roles",
                        "rolebindings",
                        "networkpolicies",
                        "*");
        assertThat(role.getRules())
                .flatExtracting(PolicyRule::getVerbs)
                .doesNotContain("impersonate", "escalate", "bind", "*");
        assertThat(role.getRules())
                .filteredOn(r -> r.getResources().contains("endpointslices"))
                .allSatisfy(r -> assertThat(r.getVerbs()).containsExactlyInAnyOrder("get", "list", "watch"));
    }

    @Test
    void threePoliciesEachBoundToSandboxNamespaces() {
        List<HasMetadata> items = FenceManifests.admissionPolicies();
        assertThat(items)
                .extracting(i -> i.getKind() + "/" + i.getMetadata().getName())
                .containsExactly(
                        "ValidatingAdmissionPolicy/" + SandboxAdmissionPolicy.PODS,
                        "ValidatingAdmissionPolicyBinding/" + SandboxAdmissionPolicy.PODS,
                        "ValidatingAdmissionPolicy/" + SandboxAdmissionPolicy.SERVICES,
                        "ValidatingAdmissionPolicyBinding/" + SandboxAdmissionPolicy.SERVICES,
                        "ValidatingAdmissionPolicy/" + SandboxAdmissionPolicy.ENDPOINT_SLICES,
                        "ValidatingAdmissionPolicyBinding/" + SandboxAdmissionPolicy.ENDPOINT_SLICES);
        assertThat(FenceManifests.networkPolicy().getSpec().getPolicyTypes()).containsExactly("Ingress", "Egress");
    }
}
