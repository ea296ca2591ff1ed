package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.kubeguide.exercise.spec.ExerciseSpec.ResourceRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A sandbox as plain objects, for rules tested without a cluster. */
final class FixedSandboxObjects implements SandboxObjects {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    final List<HasMetadata> objects = new ArrayList<>();

    FixedSandboxObjects with(HasMetadata... items) {
        objects.addAll(List.of(items));
        return this;
    }

    @Override
    public GenericKubernetesResource get(ResourceRef ref) {
        return objects.stream()
                .filter(o -> o.getKind().equals(ref.kind())
                        && o.getMetadata().getName().equals(ref.name()))
                .findFirst()
                .map(FixedSandboxObjects::generic)
                .orElse(null);
    }

    @Override
    public List<String> names(ResourceRef kind) {
        return objects.stream()
                .filter(o -> o.getKind().equals(kind.kind()))
                .map(o -> o.getMetadata().getName())
                .sorted()
                .toList();
    }

    @Override
    public List<GenericKubernetesResource> clusterObjects(ResourceRef kind) {
        return objects.stream()
                .filter(o -> o.getKind().equals(kind.kind()))
                .map(FixedSandboxObjects::generic)
                .toList();
    }

    @Override
    public Service service(String name) {
        return objects.stream()
                .filter(o -> o instanceof Service && o.getMetadata().getName().equals(name))
                .map(Service.class::cast)
                .findFirst()
                .orElse(null);
    }

    @Override
    public List<Pod> pods() {
        return objects.stream()
                .filter(o -> o instanceof Pod)
                .map(Pod.class::cast)
                .toList();
    }

    @Override
    public List<EndpointSlice> endpointSlices(String service) {
        return objects.stream()
                .filter(o -> o instanceof EndpointSlice)
                .map(EndpointSlice.class::cast)
                .filter(s -> service.equals(s.getMetadata().getLabels().get(LiveSandboxObjects.SERVICE_NAME_LABEL)))
                .toList();
    }

    @Override
    public List<GenericKubernetesResource> workloads() {
        return objects.stream()
                .filter(o -> List.of("Deployment", "StatefulSet").contains(o.getKind()))
                .map(FixedSandboxObjects::generic)
                .toList();
    }

    static GenericKubernetesResource generic(HasMetadata object) {
        return SERIALIZATION.convertValue(object, GenericKubernetesResource.class);
    }

    /** A running Pod labelled app=web with container port 8080 named http. */
    static Pod webPod(String name, boolean ready) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("app", "web"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("registry.k8s.io/pause:3.10")
                .addNewPort()
                .withName("http")
                .withContainerPort(8080)
                .endPort()
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build();
    }

    /** The slice the EndpointSlice controller makes for one Service port and these ready Pods. */
    static EndpointSlice slice(String service, String portName, int port, String... readyPods) {
        var builder = new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(service + "-" + portName + port)
                .withLabels(Map.of(LiveSandboxObjects.SERVICE_NAME_LABEL, service))
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withName(portName)
                .withPort(port)
                .withProtocol("TCP")
                .endPort();
        int i = 1;
        for (String pod : readyPods) {
            builder.addNewEndpoint()
                    .withAddresses("10.244.0." + i++)
                    .withNewConditions()
                    .withReady(true)
                    .endConditions()
                    .withNewTargetRef()
                    .withKind("Pod")
                    .withName(pod)
                    .endTargetRef()
                    .endEndpoint();
        }
        return builder.build();
    }
}
