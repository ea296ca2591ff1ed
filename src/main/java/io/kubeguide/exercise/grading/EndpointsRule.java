package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.kubeguide.exercise.spec.ExerciseSpec.EndpointsCondition;
import io.kubeguide.exercise.spec.ExerciseSpec.ServicePortRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code endpoints: {service, servicePort, containerPort, ready}}: follows ONE Service port (by number and protocol)
 * through its {@code targetPort} (a number, or a name resolved through each Pod's container ports) to the Pods, and
 * counts the ready endpoints the EndpointSlices list for that port, under its name, on that container port. Another
 * port of the Service reaching the same container port does not count.
 *
 * <p>The verdict waits while the EndpointSlices do not yet show the Pods as they are (the controller catching up),
 * or while Pods that would count are still starting.
 */
final class EndpointsRule implements CheckRule {

    private final EndpointsCondition cond;
    private final boolean learnerMakesServices;

    EndpointsRule(EndpointsCondition cond, boolean learnerMakesServices) {
        this.cond = cond;
        this.learnerMakesServices = learnerMakesServices;
    }

    @Override
    public Outcome evaluate(SandboxObjects sandbox) {
        Service service = sandbox.service(cond.service());
        if (service == null) {
            return Outcome.failedUnless(
                    !learnerMakesServices, "there is no Service named " + cond.service() + " in your sandbox");
        }
        if ("ExternalName".equals(service.getSpec().getType())) {
            return Outcome.failed(
                    "Service " + cond.service() + " is of type ExternalName: a DNS alias, with no " + "endpoints");
        }
        String protocol = cond.protocol() == null ? "TCP" : cond.protocol();
        String portWords = "port " + cond.servicePort() + (protocol.equals("TCP") ? "" : "/" + protocol);
        Optional<ServicePort> found =
                ServicePortRule.find(service, new ServicePortRef(cond.service(), cond.servicePort(), null, protocol));
        if (found.isEmpty()) {
            return Outcome.failedUnless(
                    !learnerMakesServices,
                    "Service " + cond.service() + " has no port " + cond.servicePort() + "/" + protocol + "; "
                            + PodFacts.describePorts(service));
        }
        ServicePort port = found.get();
        int want = cond.ready();
        int target = cond.containerPort();
        List<EndpointSlice> slices = sandbox.endpointSlices(cond.service());
        Map<String, String> selector = PodFacts.selectorOf(service);
        if (selector.isEmpty()) {
            // without a selector the learner keeps the EndpointSlices; count what they list
            int listed = readyInSlices(slices, port, target).size();
            return listed >= want
                    ? Outcome.passed(portWords + " routes to " + endpoints(listed, target))
                    : Outcome.failed(
                            portWords + " routes to " + endpoints(listed, target) + "; expected " + want + " — Service "
                                    + cond.service() + " has no selector, so Kubernetes keeps no endpoints for it");
        }
        List<Pod> pods = sandbox.pods();
        List<Pod> selected = PodFacts.selectedBy(selector, pods);
        // a rollout still under way (a learner's fixed template) replaces the Pods judged here
        boolean rollingOut = PodFacts.rollingOut(sandbox.workloads());
        boolean podsComing = PodFacts.podsComing(selector, sandbox.workloads());
        if (selected.isEmpty()) {
            String message = "selector " + PodFacts.show(selector) + " matches 0 Pods; "
                    + PodFacts.podLabelsHere(pods, Map.of());
            return Outcome.failedUnless(rollingOut || podsComing, message);
        }
        Set<String> selectedNames = selected.stream().map(PodFacts::name).collect(Collectors.toSet());
        List<Pod> reaching = selected.stream()
                .filter(p -> Objects.equals(PodFacts.resolveTarget(port, p), target))
                .toList();
        boolean allReady = selected.stream().allMatch(Readiness::isReady);
        boolean mayChange = !allReady || rollingOut || podsComing && selected.size() < want;
        if (reaching.isEmpty()) {
            return Outcome.failedUnless(
                    !allReady || rollingOut,
                    portWords + " does not reach port " + target + " of the Pods: " + whyNot(port, selected, target));
        }
        Set<String> readyReaching = reaching.stream()
                .filter(Readiness::isReady)
                .map(PodFacts::name)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> listed = readyInSlices(slices, port, target);
        boolean caughtUp = listed.equals(readyReaching) && selectedNames.containsAll(listedAny(slices));
        if (!caughtUp) {
            return Outcome.pending(portWords + " routes to " + endpoints(listed.size(), target) + "; expected " + want
                    + " (the EndpointSlices are still being updated)");
        }
        if (listed.size() >= want) {
            String routes = portWords + " routes to " + endpoints(listed.size(), target);
            return rollingOut
                    ? Outcome.pending(routes + ", but Pods are still being replaced (a rollout is under " + "way)")
                    : Outcome.passed(routes);
        }
        return Outcome.failedUnless(
                mayChange,
                portWords + " routes to " + endpoints(listed.size(), target)
                        + "; expected " + want + " (selector " + PodFacts.show(selector) + " matches "
                        + PodFacts.plural(selected.size(), "Pod") + ", "
                        + selected.stream().filter(Readiness::isReady).count() + " ready)");
    }

    private static String endpoints(int n, int port) {
        return PodFacts.plural(n, "ready endpoint") + " on port " + port;
    }

    /** Ready Pods the slices list for this Service port (by its name and protocol) on that port number. */
    private static Set<String> readyInSlices(List<EndpointSlice> slices, ServicePort port, int number) {
        String name = port.getName() == null ? "" : port.getName();
        Set<String> ready = new TreeSet<>();
        for (EndpointSlice slice : slices) {
            List<EndpointPort> ports = slice.getPorts() == null ? List.of() : slice.getPorts();
            boolean carries = ports.stream()
                    .anyMatch(p -> name.equals(Objects.toString(p.getName(), ""))
                            && PodFacts.protocol(port).equals(Objects.toString(p.getProtocol(), "TCP"))
                            && Objects.equals(p.getPort(), number));
            if (!carries || slice.getEndpoints() == null) {
                continue;
            }
            for (Endpoint e : slice.getEndpoints()) {
                String pod = e.getTargetRef() != null
                        ? e.getTargetRef().getName()
                        : e.getAddresses().toString();
                if (Readiness.isReady(e)) {
                    ready.add(pod);
                }
            }
        }
        return ready;
    }

    /** Every Pod any slice of the Service lists (to see whether it still lists Pods no longer selected). */
    private static Set<String> listedAny(List<EndpointSlice> slices) {
        Set<String> pods = new TreeSet<>();
        for (EndpointSlice slice : slices) {
            if (slice.getEndpoints() != null) {
                slice.getEndpoints().stream()
                        .filter(e -> e.getTargetRef() != null)
                        .forEach(e -> pods.add(e.getTargetRef().getName()));
            }
        }
        return pods;
    }

    /** Why the port's targetPort does not reach {@code number}, naming what the containers declare. */
    private static String whyNot(ServicePort port, List<Pod> pods, int number) {
        IntOrString t = port.getTargetPort();
        String declared = PodFacts.declaredPorts(pods);
        if (t != null && t.getStrVal() != null) {
            boolean resolves = pods.stream().anyMatch(p -> PodFacts.resolveTarget(port, p) != null);
            return resolves
                    ? "targetPort " + t.getStrVal() + " names another port of the Pods (" + declared + ")"
                    : "targetPort " + t.getStrVal() + " is not a port name the Pods' containers declare for "
                            + PodFacts.protocol(port) + " (" + declared + ")";
        }
        int sent = t == null || t.getIntVal() == null ? port.getPort() : t.getIntVal();
        boolean declaredThere = pods.stream()
                .flatMap(p -> PodFacts.containerPorts(p).stream())
                .anyMatch(cp -> cp.getContainerPort() == sent);
        return "it sends traffic to targetPort " + sent
                + (declaredThere ? ", another port of the Pods (" : ", which the Pods' containers do not declare (")
                + declared + ")";
    }

    @Override
    public List<Watched> watched() {
        List<Watched> watched = new ArrayList<>(Watched.serviceAndPods(cond.service()));
        watched.add(Watched.all("apps/v1", "Deployment"));
        watched.add(Watched.all("apps/v1", "StatefulSet"));
        return watched;
    }
}
