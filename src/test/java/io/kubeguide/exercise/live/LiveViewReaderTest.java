package io.kubeguide.exercise.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.kubeguide.exercise.live.LiveView.PodRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live view's rows from given objects, as {@code kubectl get -o wide} shows them; no cluster. */
class LiveViewReaderTest {

    static Service service(String name, String type) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withType(type)
                .withClusterIP("10.96.0.10")
                .withSelector(Map.of("tier", "frontend", "app", "web"))
                .addNewPort()
                .withName("http")
                .withPort(80)
                .withNewTargetPort("web")
                .withNodePort("NodePort".equals(type) ? 30080 : null)
                .endPort()
                .endSpec()
                .build();
    }

    static Pod pod(String name, boolean ready) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("app", "web", "pod-template-hash", "abc123"))
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("web")
                .withImage("nginx")
                .endContainer()
                .withNodeName("kwok-node-0")
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP("10.244.0.7")
                .addNewContainerStatus()
                .withName("web")
                .withReady(ready)
                .endContainerStatus()
                .addNewCondition()
                .withType("Ready")
                .withStatus(ready ? "True" : "False")
                .endCondition()
                .endStatus()
                .build();
    }

    @Test
    void aNodePortServiceShowsItsPortsSelectorAndTargetForTheMap() {
        var row = LiveViewReader.service(service("frontend", "NodePort"));
        assertThat(row.type()).isEqualTo("NodePort");
        assertThat(row.clusterIp()).isEqualTo("10.96.0.10");
        assertThat(row.externalIp()).isEqualTo("<none>");
        assertThat(row.ports()).isEqualTo("80:30080/TCP");
        assertThat(row.selector()).isEqualTo("app=web,tier=frontend");
        assertThat(row.portList())
                .singleElement()
                .satisfies(p -> assertThat(p.targetPort()).isEqualTo("web"));
    }

    @Test
    void aLoadBalancerWithoutAnAddressIsPendingAndTheTypeDefaultsToClusterIp() {
        assertThat(LiveViewReader.service(service("lb", "LoadBalancer")).externalIp())
                .isEqualTo("<pending>");
        assertThat(LiveViewReader.service(service("plain", null)).type()).isEqualTo("ClusterIP");
    }

    @Test
    void anEndpointSliceListsThreeAddressesThenCountsTheRest() {
        EndpointSlice slice = new EndpointSliceBuilder()
                .withNewMetadata()
                .withName("frontend-abcde")
                .withLabels(Map.of("kubernetes.io/service-name", "frontend"))
                .endMetadata()
                .withAddressType("IPv4")
                .addNewPort()
                .withPort(8080)
                .endPort()
                .addNewEndpoint()
                .withAddresses("10.244.0.1")
                .withNewConditions()
                .withReady(true)
                .endConditions()
                .withNewTargetRef()
                .withKind("Pod")
                .withName("web-1")
                .endTargetRef()
                .endEndpoint()
                .addNewEndpoint()
                .withAddresses("10.244.0.2", "10.244.0.3", "10.244.0.4")
                .withNewConditions()
                .withReady(false)
                .endConditions()
                .endEndpoint()
                .build();
        var row = LiveViewReader.slice(slice);
        assertThat(row.service()).isEqualTo("frontend");
        assertThat(row.ports()).isEqualTo("8080");
        assertThat(row.endpoints()).isEqualTo("10.244.0.1,10.244.0.2,10.244.0.3 + 1 more...");
        assertThat(row.endpointList()).hasSize(4);
        assertThat(row.endpointList().get(0)).isEqualTo(new LiveView.EndpointRow("10.244.0.1", true, "web-1"));
        assertThat(row.endpointList().get(1).ready()).isFalse();
    }

    @Test
    void aPodShowsReadyContainersAndItsLabelsWithoutTheTemplateHash() {
        PodRow row = LiveViewReader.pod(pod("web-1", true));
        assertThat(row.ready()).isEqualTo("1/1");
        assertThat(row.allReady()).isTrue();
        assertThat(row.status()).isEqualTo("Running");
        assertThat(row.ip()).isEqualTo("10.244.0.7");
        assertThat(row.node()).isEqualTo("kwok-node-0");
        assertThat(row.labels()).isEqualTo("app=web");
    }

    @Test
    void anUnschedulablePodSaysWhyItIsPending() {
        Pod pending = new PodBuilder(pod("web-2", false))
                .editStatus()
                .withPhase("Pending")
                .withPodIP(null)
                .withConditions()
                .addNewCondition()
                .withType("PodScheduled")
                .withStatus("False")
                .withReason("Unschedulable")
                .endCondition()
                .endStatus()
                .editSpec()
                .withNodeName(null)
                .endSpec()
                .build();
        PodRow row = LiveViewReader.pod(pending);
        assertThat(row.status()).isEqualTo("Pending (Unschedulable)");
        assertThat(row.ready()).isEqualTo("0/1");
        assertThat(row.ip()).isEqualTo("<none>");
        assertThat(row.node()).isEqualTo("<none>");
    }

    @Test
    void aBoundClaimShowsItsVolumeCapacityAndShortAccessModes() {
        PersistentVolumeClaim claim = new PersistentVolumeClaimBuilder()
                .withNewMetadata()
                .withName("data")
                .endMetadata()
                .withNewSpec()
                .withAccessModes("ReadWriteOnce", "ReadWriteOncePod")
                .withVolumeName("pv-1")
                .endSpec()
                .withNewStatus()
                .withPhase("Bound")
                .withCapacity(Map.of("storage", new Quantity("1Gi")))
                .endStatus()
                .build();
        var row = LiveViewReader.claim(claim);
        assertThat(row)
                .isEqualTo(
                        new LiveView.PersistentVolumeClaimRow("data", "Bound", "pv-1", "1Gi", "RWO,RWOP", "<unset>"));
    }

    @Test
    void theTablesAreSortedByNameAndLeaveOutPodsBeingDeleted() {
        Pod leaving = new PodBuilder(pod("web-0", true))
                .editMetadata()
                .withDeletionTimestamp("2026-11-30T08:00:00Z")
                .endMetadata()
                .build();
        LiveView view = LiveViewReader.view(
                "learner-ns",
                List.of(service("zeta", null), service("alpha", null)),
                List.of(),
                List.of(pod("web-2", true), leaving, pod("web-1", false)),
                List.of());
        assertThat(view.namespace()).isEqualTo("learner-ns");
        assertThat(view.services()).extracting(LiveView.ServiceRow::name).containsExactly("alpha", "zeta");
        assertThat(view.pods()).extracting(PodRow::name).containsExactly("web-1", "web-2");
        assertThat(view.error()).isNull();
    }
}
