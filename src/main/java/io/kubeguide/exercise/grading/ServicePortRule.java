package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.kubeguide.exercise.spec.ExerciseSpec.Check;
import io.kubeguide.exercise.spec.ExerciseSpec.ServicePortRef;
import java.util.List;
import java.util.Optional;

/**
 * {@code servicePort: {service, port | name, protocol}}: the Service has that port (by number and protocol, TCP
 * unless given, wherever it stands in the list); with a {@code path}, that port's field matches.
 */
final class ServicePortRule implements CheckRule {

    private final Check check;
    private final ServicePortRef ref;
    private final boolean learnerMakes;
    private final FieldMatch field;

    ServicePortRule(Check check, boolean learnerMakes, String namespace) {
        this.check = check;
        this.ref = check.servicePort();
        this.learnerMakes = learnerMakes;
        this.field = check.path() == null ? null : new FieldMatch(check, namespace);
    }

    @Override
    public Outcome evaluate(SandboxObjects sandbox) {
        Service service = sandbox.service(ref.service());
        if (service == null) {
            return Outcome.failedUnless(
                    !learnerMakes, "there is no Service named " + ref.service() + " in your sandbox");
        }
        String wanted = ref.port() != null ? "port " + ref.port() + "/" + protocol() : "port named " + ref.name();
        Optional<ServicePort> port = find(service, ref);
        if (port.isEmpty()) {
            return Outcome.failedUnless(
                    !learnerMakes,
                    "Service " + ref.service() + " has no " + wanted + "; " + PodFacts.describePorts(service));
        }
        if (field == null) {
            return Outcome.passed("Service " + ref.service() + " has " + PodFacts.describe(port.get()));
        }
        Outcome outcome = field.apply(wanted + " of Service " + ref.service(), PodFacts.plain(port.get()));
        return outcome.state() == Outcome.State.PASSED
                ? outcome
                : Outcome.failedUnless(!learnerMakes || check.waits(), outcome.message());
    }

    private String protocol() {
        return ref.protocol() == null ? "TCP" : ref.protocol();
    }

    /** The port by number and protocol, or by name. */
    static Optional<ServicePort> find(Service service, ServicePortRef ref) {
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null
                ? List.of()
                : service.getSpec().getPorts();
        String protocol = ref.protocol() == null ? "TCP" : ref.protocol();
        return ports.stream()
                .filter(p -> ref.port() != null
                        ? ref.port().equals(p.getPort()) && protocol.equals(PodFacts.protocol(p))
                        : ref.name().equals(p.getName()))
                .findFirst();
    }

    @Override
    public List<Watched> watched() {
        return List.of(Watched.named("v1", "Service", ref.service()));
    }
}
