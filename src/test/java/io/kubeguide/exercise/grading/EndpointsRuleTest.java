package io.kubeguide.exercise.grading;

import static io.kubeguide.exercise.grading.FixedSandboxObjects.slice;
import static io.kubeguide.exercise.grading.FixedSandboxObjects.webPod;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.kubeguide.exercise.spec.ExerciseSpec.EndpointsCondition;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The endpoints rule on plain objects: one Service port followed to the Pods, as the controller publishes it. */
class EndpointsRuleTest {

    private final EndpointsRule rule = new EndpointsRule(new EndpointsCondition("frontend", 80, null, 8080, 3), true);

    private static ServicePort port(String name, int port, Object target, String protocol) {
        return new ServicePortBuilder()
                .withName(name)
                .withPort(port)
                .withProtocol(protocol)
                .withTargetPort(target instanceof Integer i ? new IntOrString(i) : new IntOrString((String) target))
                .build();
    }

    private static Service service(ServicePort... ports) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withName("frontend")
                .endMetadata()
                .withNewSpec()
                .withSelector(Map.of("app", "web"))
                .withPorts(ports)
                .endSpec()
                .build();
    }

    private static FixedSandboxObjects threePods() {
        return new FixedSandboxObjects().with(webPod("a", true), webPod("b", true), webPod("c", true));
    }

    @Test
    void thePortMayStandAnywhereInTheList() {
        var sandbox = threePods()
                .with(
                        service(port("alt", 8081, 8080, "TCP"), port("web", 80, "http", "TCP")),
                        slice("frontend", "alt", 8080, "a", "b", "c"),
                        slice("frontend", "web", 8080, "a", "b", "c"));
        Outcome outcome = rule.evaluate(sandbox);
        assertThat(outcome.state()).isEqualTo(Outcome.State.PASSED);
        assertThat(outcome.message()).isEqualTo("port 80 routes to 3 ready endpoints on port 8080");
    }

    @Test
    void anotherPortReachingTheContainerPortDoesNotCount() {
        var sandbox = threePods()
                .with(
                        service(port("web", 80, 80, "TCP"), port("direct", 8080, 8080, "TCP")),
                        slice("frontend", "web", 80, "a", "b", "c"),
                        slice("frontend", "direct", 8080, "a", "b", "c"));
        Outcome outcome = rule.evaluate(sandbox);
        assertThat(outcome.state()).isEqualTo(Outcome.State.FAILED);
        assertThat(outcome.message())
                .isEqualTo("port 80 does not reach port 8080 of the Pods: it sends traffic to "
                        + "targetPort 80, which the Pods' containers do not declare (they declare 8080 named http)");
    }

    @Test
    void protocolIsPartOfThePort() {
        var sandbox = threePods().with(service(port("", 80, 8080, "UDP")));
        Outcome outcome = rule.evaluate(sandbox);
        assertThat(outcome.state()).isEqualTo(Outcome.State.FAILED);
        assertThat(outcome.message()).isEqualTo("Service frontend has no port 80/TCP; its ports: 80/UDP -> 8080");
    }

    @Test
    void aTargetPortNameNoContainerDeclaresIsSaid() {
        var sandbox = threePods().with(service(port("", 80, "web", "TCP")));
        assertThat(rule.evaluate(sandbox).message())
                .endsWith("targetPort web is not a port name the Pods' "
                        + "containers declare for TCP (they declare 8080 named http)");
    }

    @Test
    void slicesThatHaveNotCaughtUpMakeItWait() {
        var sandbox = threePods().with(service(port("", 80, 8080, "TCP")), slice("frontend", "", 8080, "a"));
        assertThat(rule.evaluate(sandbox).state()).isEqualTo(Outcome.State.PENDING);
    }

    @Test
    void podsThatAreNotReadyYetMakeItWaitAndThenCountShort() {
        var starting = new FixedSandboxObjects()
                .with(
                        webPod("a", true),
                        webPod("b", true),
                        webPod("c", false),
                        service(port("", 80, 8080, "TCP")),
                        slice("frontend", "", 8080, "a", "b"));
        Outcome outcome = rule.evaluate(starting);
        assertThat(outcome.state()).isEqualTo(Outcome.State.PENDING);
        assertThat(outcome.message()).startsWith("port 80 routes to 2 ready endpoints on port 8080; expected 3");
    }

    /** web at 3 replicas, its status as the Deployment controller reports it: {@code updated} of them new. */
    private static Deployment web(int updated, int current) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("web")
                .withGeneration(2L)
                .endMetadata()
                .withNewSpec()
                .withReplicas(3)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of("app", "web"))
                .endMetadata()
                .endTemplate()
                .endSpec()
                .withNewStatus()
                .withObservedGeneration(2L)
                .withReplicas(current)
                .withUpdatedReplicas(updated)
                .endStatus()
                .build();
    }

    @Test
    void podsOfARolloutUnderWayAreNotTheVerdict() {
        // the learner fixed the port's name in the template; the ready Pods here still have the old one
        var rolling = threePods().with(service(port("", 80, "web", "TCP")), web(1, 4));
        assertThat(rule.evaluate(rolling).state()).isEqualTo(Outcome.State.PENDING);
        var settled = threePods().with(service(port("", 80, "web", "TCP")), web(3, 3));
        assertThat(rule.evaluate(settled).state()).isEqualTo(Outcome.State.FAILED);
    }

    @Test
    void podsAboutToBeReplacedDoNotPassEither() {
        // three old Pods still route; the new template may not (it renamed the port)
        var rolling = threePods()
                .with(service(port("", 80, 8080, "TCP")), slice("frontend", "", 8080, "a", "b", "c"), web(1, 4));
        Outcome outcome = rule.evaluate(rolling);
        assertThat(outcome.state()).isEqualTo(Outcome.State.PENDING);
        assertThat(outcome.message()).endsWith("Pods are still being replaced (a rollout is under way)");
        var settled = threePods()
                .with(service(port("", 80, 8080, "TCP")), slice("frontend", "", 8080, "a", "b", "c"), web(3, 3));
        assertThat(rule.evaluate(settled).state()).isEqualTo(Outcome.State.PASSED);
    }

    @Test
    void aSelectorThatMatchesNoPodSaysWhatThePodsCarry() {
        Service other = new ServiceBuilder(service(port("", 80, 8080, "TCP")))
                .editSpec()
                .withSelector(Map.of("app", "webapp"))
                .endSpec()
                .build();
        Outcome outcome = rule.evaluate(threePods().with(other));
        assertThat(outcome.state()).isEqualTo(Outcome.State.FAILED);
        assertThat(outcome.message()).isEqualTo("selector app=webapp matches 0 Pods; Pods here are labelled app=web");
    }

    @Test
    void aWorkloadThatHasAllItsPodsBringsNoMoreSoTooFewFailsAtOnce() {
        var four = new EndpointsRule(new EndpointsCondition("frontend", 80, null, 8080, 4), true);
        var three = threePods()
                .with(service(port("", 80, 8080, "TCP")), slice("frontend", "", 8080, "a", "b", "c"), web(3, 3));
        Outcome outcome = four.evaluate(three);
        assertThat(outcome.state()).isEqualTo(Outcome.State.FAILED);
        assertThat(outcome.message()).startsWith("port 80 routes to 3 ready endpoints on port 8080; expected 4");
    }
}
