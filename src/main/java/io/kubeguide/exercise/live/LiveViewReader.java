package io.kubeguide.exercise.live;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubeguide.exercise.grading.Readiness;
import io.kubeguide.exercise.live.LiveView.EndpointRow;
import io.kubeguide.exercise.live.LiveView.EndpointSliceRow;
import io.kubeguide.exercise.live.LiveView.PersistentVolumeClaimRow;
import io.kubeguide.exercise.live.LiveView.PodRow;
import io.kubeguide.exercise.live.LiveView.PortRow;
import io.kubeguide.exercise.live.LiveView.ServiceRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Reads a sandbox namespace with the admin client (reads only, always scoped to that one namespace) and turns it
 * into a {@link LiveView}. Columns follow {@code kubectl get -o wide} so what the learner sees here is what they
 * will see on a real cluster.
 */
@Component
public class LiveViewReader {

    private static final int MAX_ROWS = 50;

    public LiveView read(KubernetesClient admin, String namespace) {
        try {
            return view(
                    namespace,
                    admin.services().inNamespace(namespace).list().getItems(),
                    admin.discovery()
                            .v1()
                            .endpointSlices()
                            .inNamespace(namespace)
                            .list()
                            .getItems(),
                    admin.pods().inNamespace(namespace).list().getItems(),
                    admin.persistentVolumeClaims().inNamespace(namespace).list().getItems());
        } catch (KubernetesClientException e) {
            return LiveView.unavailable("The sandbox did not answer (" + e.getCode() + "). Reset it and try again.");
        }
    }

    /** The tables of these objects: by name, at most {@value #MAX_ROWS} rows each, Pods being deleted left out. */
    static LiveView view(
            String namespace,
            List<Service> services,
            List<EndpointSlice> slices,
            List<Pod> pods,
            List<PersistentVolumeClaim> claims) {
        return new LiveView(
                namespace,
                rows(services, LiveViewReader::service),
                rows(slices, LiveViewReader::slice),
                rows(
                        pods.stream()
                                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                                .toList(),
                        LiveViewReader::pod),
                rows(claims, LiveViewReader::claim),
                null);
    }

    private static <T extends HasMetadata, R> List<R> rows(List<T> objects, Function<T, R> row) {
        return objects.stream()
                .sorted(Comparator.comparing(o -> o.getMetadata().getName()))
                .limit(MAX_ROWS)
                .map(row)
                .toList();
    }

    static ServiceRow service(Service s) {
        var spec = s.getSpec();
        List<PortRow> ports = Optional.ofNullable(spec.getPorts()).orElse(List.of()).stream()
                .map(LiveViewReader::port)
                .toList();
        String portsText = ports.isEmpty()
                ? "<none>"
                : ports.stream()
                        .map(p -> p.port() + (p.nodePort() != null ? ":" + p.nodePort() : "") + "/" + p.protocol())
                        .collect(Collectors.joining(","));
        String type = Objects.requireNonNullElse(spec.getType(), "ClusterIP");
        String clusterIp =
                spec.getClusterIP() == null || spec.getClusterIP().isBlank() ? "<none>" : spec.getClusterIP();
        String externalIp = switch (type) {
            case "ExternalName" -> spec.getExternalName();
            case "LoadBalancer" -> {
                var ingress = s.getStatus() == null || s.getStatus().getLoadBalancer() == null
                        ? null
                        : s.getStatus().getLoadBalancer().getIngress();
                yield ingress == null || ingress.isEmpty()
                        ? "<pending>"
                        : ingress.stream()
                                .map(i -> i.getIp() != null ? i.getIp() : i.getHostname())
                                .collect(Collectors.joining(","));
            }
            default -> "<none>";
        };
        return new ServiceRow(
                s.getMetadata().getName(),
                type,
                clusterIp,
                externalIp,
                portsText,
                labels(spec.getSelector(), "<none>"),
                spec.getExternalName(),
                ports);
    }

    private static PortRow port(ServicePort p) {
        IntOrString target = p.getTargetPort();
        String targetText = target == null
                ? null
                : target.getIntVal() != null ? target.getIntVal().toString() : target.getStrVal();
        return new PortRow(
                p.getName(),
                p.getPort(),
                targetText,
                p.getNodePort(),
                Objects.requireNonNullElse(p.getProtocol(), "TCP"));
    }

    static EndpointSliceRow slice(EndpointSlice s) {
        String service = s.getMetadata().getLabels() == null
                ? null
                : s.getMetadata().getLabels().get("kubernetes.io/service-name");
        List<EndpointPort> ports = Optional.ofNullable(s.getPorts()).orElse(List.of());
        String portsText = ports.isEmpty()
                ? "<unset>"
                : ports.stream().map(p -> String.valueOf(p.getPort())).collect(Collectors.joining(","));
        List<EndpointRow> endpoints = new ArrayList<>();
        for (Endpoint e : Optional.ofNullable(s.getEndpoints()).orElse(List.of())) {
            boolean ready = Readiness.isReady(e);
            String pod =
                    e.getTargetRef() != null && "Pod".equals(e.getTargetRef().getKind())
                            ? e.getTargetRef().getName()
                            : null;
            for (String address : Optional.ofNullable(e.getAddresses()).orElse(List.of())) {
                endpoints.add(new EndpointRow(address, ready, pod));
            }
        }
        String endpointsText = endpoints.isEmpty()
                ? "<unset>"
                : endpoints.stream().limit(3).map(EndpointRow::address).collect(Collectors.joining(","))
                        + (endpoints.size() > 3 ? " + " + (endpoints.size() - 3) + " more..." : "");
        return new EndpointSliceRow(
                s.getMetadata().getName(), service, s.getAddressType(), portsText, endpointsText, endpoints);
    }

    static PodRow pod(Pod p) {
        var statuses = p.getStatus() == null || p.getStatus().getContainerStatuses() == null
                ? List.<ContainerStatus>of()
                : p.getStatus().getContainerStatuses();
        int containers = p.getSpec() == null || p.getSpec().getContainers() == null
                ? 0
                : p.getSpec().getContainers().size();
        long ready =
                statuses.stream().filter(s -> Boolean.TRUE.equals(s.getReady())).count();
        boolean podReady = Readiness.isReady(p);
        String phase = p.getStatus() == null
                ? "Unknown"
                : Objects.requireNonNullElse(p.getStatus().getPhase(), "Unknown");
        if ("Pending".equals(phase) && p.getStatus().getConditions() != null) {
            phase = p.getStatus().getConditions().stream()
                    .filter(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus()))
                    .map(PodCondition::getReason)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .map(r -> "Pending (" + r + ")")
                    .orElse(phase);
        }
        Map<String, String> labels = p.getMetadata().getLabels() == null
                ? Map.of()
                : new TreeMap<>(p.getMetadata().getLabels());
        labels.keySet().removeIf("pod-template-hash"::equals);
        return new PodRow(
                p.getMetadata().getName(),
                ready + "/" + containers,
                podReady,
                phase,
                p.getStatus() == null || p.getStatus().getPodIP() == null
                        ? "<none>"
                        : p.getStatus().getPodIP(),
                p.getSpec() == null || p.getSpec().getNodeName() == null
                        ? "<none>"
                        : p.getSpec().getNodeName(),
                labels(labels, "<none>"),
                labels);
    }

    static PersistentVolumeClaimRow claim(PersistentVolumeClaim c) {
        var status = c.getStatus();
        String capacity = status == null
                        || status.getCapacity() == null
                        || status.getCapacity().get("storage") == null
                ? ""
                : status.getCapacity().get("storage").toString();
        return new PersistentVolumeClaimRow(
                c.getMetadata().getName(),
                status == null ? "Pending" : Objects.requireNonNullElse(status.getPhase(), "Pending"),
                Objects.requireNonNullElse(c.getSpec().getVolumeName(), ""),
                capacity,
                String.join(
                        ",",
                        Optional.ofNullable(c.getSpec().getAccessModes()).orElse(List.of()).stream()
                                .map(LiveViewReader::shortMode)
                                .toList()),
                Objects.requireNonNullElse(c.getSpec().getStorageClassName(), "<unset>"));
    }

    private static String shortMode(String mode) {
        return switch (mode) {
            case "ReadWriteOnce" -> "RWO";
            case "ReadOnlyMany" -> "ROX";
            case "ReadWriteMany" -> "RWX";
            case "ReadWriteOncePod" -> "RWOP";
            default -> mode;
        };
    }

    private static String labels(Map<String, String> map, String none) {
        if (map == null || map.isEmpty()) {
            return none;
        }
        return new TreeMap<>(map)
                .entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
    }
}
