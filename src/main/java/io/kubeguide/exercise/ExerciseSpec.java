package io.kubeguide.exercise;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
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
        List<WrongAnswer> wrong,
        /* kind/name of the setup objects (computed, not in the file): never pruned from a learner's sandbox */
        Set<ObjectKey> setupObjects,
        /* Service types beyond ClusterIP/ExternalName the sandbox fence allows for this exercise (NodePort, ...) */
        Set<String> serviceTypes) {

    public ExerciseSpec(String id, String title, String lesson, String section, int order, String prompt, String setup,
                        String starter, List<String> allow, List<Check> checks, String solution,
                        List<WrongAnswer> wrong, Set<ObjectKey> setupObjects) {
        this(id, title, lesson, section, order, prompt, setup, starter, allow, checks, solution, wrong, setupObjects,
                Set.of());
    }

    public ExerciseSpec {
        serviceTypes = serviceTypes == null ? Set.of() : Set.copyOf(serviceTypes);
        allow = allow == null ? List.of() : List.copyOf(allow);
        checks = checks == null ? List.of() : List.copyOf(checks);
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
    public record ResourceRef(String kind, String name, String apiVersion) {
    }

    /** {@code range: {min: 30000, max: 32767}}: either bound may be left out. */
    public record Range(BigDecimal min, BigDecimal max) {
    }

    /** {@code endpoints: {service: frontend-service, ready: 3, port: 8080}}. */
    public record EndpointsCondition(String service, Integer ready, Integer port) {
    }

    /** {@code selects: {service: frontend-service, workload: {kind: Deployment, name: web}}}. */
    public record SelectsCondition(String service, ResourceRef workload) {
    }

    public record Check(
            String id,
            String expect,
            ResourceRef resource,
            String path,
            String equalTo,
            String matches,
            List<String> oneOf,
            Range range,
            EndpointsCondition endpoints,
            SelectsCondition selects,
            Duration within,
            String hint,
            String section) {

        /** Whether the check waits (through a watch) for its condition. */
        public boolean waits() {
            return within != null && !within.isZero();
        }
    }

    public record WrongAnswer(String why, String yaml, List<String> fails) {
        public WrongAnswer {
            fails = fails == null ? List.of() : List.copyOf(fails);
        }
    }
}
