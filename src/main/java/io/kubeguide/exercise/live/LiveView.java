package io.kubeguide.exercise.live;

import java.util.List;
import java.util.Map;

/**
 * What is in a learner's sandbox right now, shaped like {@code kubectl get} output: the rows of three tables and
 * the links the page draws between a Service and the Pods its EndpointSlices list.
 */
public record LiveView(
        String namespace,
        List<ServiceRow> services,
        List<EndpointSliceRow> endpointSlices,
        List<PodRow> pods,
        List<PersistentVolumeClaimRow> claims,
        String error) {

    public static LiveView unavailable(String why) {
        return new LiveView(null, List.of(), List.of(), List.of(), List.of(), why);
    }

    /** NAME TYPE CLUSTER-IP PORT(S) SELECTOR, plus the external name and the structured ports for the map. */
    public record ServiceRow(
            String name,
            String type,
            String clusterIp,
            String externalIp,
            String ports,
            String selector,
            String externalName,
            List<PortRow> portList) {}

    public record PortRow(String name, Integer port, String targetPort, Integer nodePort, String protocol) {}

    /** NAME ADDRESSTYPE PORTS ENDPOINTS, with each endpoint (ready or not, and the Pod it belongs to). */
    public record EndpointSliceRow(
            String name,
            String service,
            String addressType,
            String ports,
            String endpoints,
            List<EndpointRow> endpointList) {}

    public record EndpointRow(String address, boolean ready, String pod) {}

    /** NAME READY STATUS IP NODE LABELS. */
    public record PodRow(
            String name,
            String ready,
            boolean allReady,
            String status,
            String ip,
            String node,
            String labels,
            Map<String, String> labelMap) {}

    /** NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS. */
    public record PersistentVolumeClaimRow(
            String name, String status, String volume, String capacity, String accessModes, String storageClass) {}
}
