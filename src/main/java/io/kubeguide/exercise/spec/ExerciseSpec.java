package io.kubeguide.exercise.spec;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One exercise, as written by an author in {@code content/<lesson>/exercises/<id>.yaml}. The schema is strict (see
 * {@link ExerciseSpecParser}): an unknown field or a check without a condition stops the guide at start-up, naming the
 * file.
 */
public record ExerciseSpec(
        String id,
        String title,
        String lesson,
        String section,
        int order,
        String prompt,
        String setup,
        String starter,
        List<String> allow,
        List<Check> checks,
        String solution,
        List<RightAnswer> passes,
        List<WrongAnswer> wrong,
        /* kind/name of the setup objects (computed, not in the file): never pruned from a learner's sandbox */
        Set<ObjectKey> setupObjects,
        /* Service types beyond ClusterIP/ExternalName the sandbox fence allows for this exercise (NodePort, ...) */
        Set<String> serviceTypes) {

    /** Values of a check's {@code as}: how to compare when the expected value alone does not say. */
    public static final Set<String> COMPARISONS = Set.of("quantity", "dns", "number", "boolean", "string");

    public ExerciseSpec {
        serviceTypes = serviceTypes == null ? Set.of() : Set.copyOf(serviceTypes);
        allow = allow == null ? List.of() : List.copyOf(allow);
        checks = checks == null ? List.of() : List.copyOf(checks);
        passes = passes == null ? List.of() : List.copyOf(passes);
        wrong = wrong == null ? List.of() : List.copyOf(wrong);
        setupObjects = setupObjects == null ? Set.of() : Set.copyOf(setupObjects);
    }

    public boolean allows(String kind) {
        return allow.contains(kind);
    }

    /** The section a check's hint points to: its own, else the exercise's. */
    public String sectionOf(Check check) {
        return check.section() != null ? check.section() : section;
    }

    /** A kind and name, e.g. {@code Deployment/web}. */
    public record ObjectKey(String kind, String name) {
        @Override
        public String toString() {
            return kind + "/" + name;
        }
    }

    /** {@code resource: {kind: Service, name: frontend-service}}; apiVersion optional (known kinds are looked up). */
    public record ResourceRef(String kind, String name, String apiVersion) {}

    /**
     * {@code range: {min: 30000, max: 32767}} or {@code range: {max: 1Gi}}: numbers or quantities, either bound may be
     * left out. Bounds stay as the author wrote them, for messages; {@link #lower()} and {@link #upper()} are their
     * amounts (a quantity in bytes or units: {@code 1Gi} is 1073741824), null when absent or not a quantity.
     */
    public record Range(Object min, Object max) {

        public BigDecimal lower() {
            return amount(min);
        }

        public BigDecimal upper() {
            return amount(max);
        }

        /** A number, or a quantity's amount ({@code 1Gi}: 1073741824); null for anything else. */
        public static BigDecimal amount(Object bound) {
            if (bound == null) {
                return null;
            }
            if (bound instanceof BigDecimal d) {
                return d;
            }
            if (bound instanceof Number n) {
                return new BigDecimal(n.toString());
            }
            try {
                return Quantity.getAmountInBytes(new Quantity(String.valueOf(bound)));
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    /**
     * {@code endpoints: {service: frontend-service, servicePort: 80, containerPort: 8080, ready: 3}}: that Service
     * port (by number and protocol, TCP unless given) reaches at least {@code ready} ready Pods on that container port.
     */
    public record EndpointsCondition(
            String service, Integer servicePort, String protocol, Integer containerPort, Integer ready) {}

    /** {@code selects: {service: frontend-service, workload: {kind: Deployment, name: web}}}. */
    public record SelectsCondition(String service, ResourceRef workload) {}

    /**
     * {@code servicePort: {service: frontend-service, port: 80}}: the Service's port 80 (by number and protocol, TCP
     * unless given), or the port named {@code name}; a {@code path} of the check is then read from that port.
     */
    public record ServicePortRef(String service, Integer port, String name, String protocol) {}

    /**
     * {@code mount: {pod: notes, path: /data, claim: data}}: a container of the Pod mounts a volume at that path;
     * with {@code claim}, the volume is that PersistentVolumeClaim; with {@code writable: true}, neither the mount
     * nor the claim's volume is read-only. {@code container} narrows it to one container.
     */
    public record MountRef(String pod, String container, String path, String claim, Boolean writable) {}

    /**
     * {@code unchanged: {kind: Service, name: frontend-service, fields: [spec.type, spec.ports]}}: the fields the
     * setup wrote still hold, with nothing added to their lists or label maps. {@code expected} is computed from the
     * setup by the parser (field path to value).
     */
    public record UnchangedCondition(String kind, String name, List<String> fields, Map<String, Object> expected) {}

    /**
     * One check. Exactly one condition: {@code resource} (exists, or a field with {@code path} and a matcher),
     * {@code servicePort} (exists, or a field of that port), {@code endpoints}, {@code selects}, {@code mount} or
     * {@code unchanged}. Expected values keep their YAML types (numbers, booleans, strings) and are compared as
     * Kubernetes compares them (see {@code ValueMatcher}); {@code as} forces one comparison.
     */
    public record Check(
            String id,
            String expect,
            ResourceRef resource,
            ServicePortRef servicePort,
            String path,
            Object equalTo,
            String matches,
            List<Object> oneOf,
            Object contains,
            Range range,
            String as,
            EndpointsCondition endpoints,
            SelectsCondition selects,
            MountRef mount,
            UnchangedCondition unchanged,
            Duration within,
            String hint,
            String section) {

        /** Whether the check waits (through a watch) for its condition. */
        public boolean waits() {
            return within != null && !within.isZero();
        }
    }

    /** A right answer written another way than the solution; CI proves it passes every check. */
    public record RightAnswer(String why, String yaml) {}

    public record WrongAnswer(String why, String yaml, List<String> fails) {
        public WrongAnswer {
            fails = fails == null ? List.of() : List.copyOf(fails);
        }
    }
}
