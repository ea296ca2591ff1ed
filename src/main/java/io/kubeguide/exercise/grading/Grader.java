package io.kubeguide.exercise.grading;

import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.PathNotFoundException;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.kubeguide.exercise.ExerciseSpec;
import io.kubeguide.exercise.ExerciseSpec.Check;
import io.kubeguide.exercise.ExerciseSpec.ResourceRef;
import io.kubeguide.exercise.KnownKinds;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Runs an exercise's checks against the live objects of a sandbox (read with admin rights, always scoped to the
 * sandbox namespace). A check with {@code within} that fails while the cluster may still change waits for it through
 * watches, re-evaluating on every event, up to its bound; a check that cannot change by waiting fails at once.
 */
@Component
public class Grader {

    private static final Logger log = LoggerFactory.getLogger(Grader.class);
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final Set<String> NOISY_LABELS = Set.of("pod-template-hash", "controller-revision-hash",
            "statefulset.kubernetes.io/pod-name", "apps.kubernetes.io/pod-index", "controller-uid", "job-name",
            "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name");
    private static final List<String> WORKLOAD_KINDS = List.of("Deployment", "StatefulSet", "DaemonSet",
            "ReplicaSet", "Job");

    /** The result of evaluating a check once. */
    enum State { PASSED, FAILED, PENDING }

    record Outcome(State state, String message) {
        static Outcome passed(String message) {
            return new Outcome(State.PASSED, message);
        }

        static Outcome failed(String message) {
            return new Outcome(State.FAILED, message);
        }

        static Outcome pending(String message) {
            return new Outcome(State.PENDING, message);
        }
    }

    private final java.util.concurrent.atomic.AtomicLong waits = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong waitedMillis = new java.util.concurrent.atomic.AtomicLong();

    /** How many checks waited for the cluster so far, and how long in total (for benchmarks and logs). */
    public long[] waitStatistics() {
        return new long[] {waits.get(), waitedMillis.get()};
    }

    public List<CheckResult> grade(ExerciseSpec spec, KubernetesClient admin, String namespace) {
        Instant start = Instant.now();
        List<CheckResult> results = new ArrayList<>();
        Run run = new Run(spec, admin, namespace);
        for (Check check : spec.checks()) {
            Outcome outcome;
            try {
                outcome = run.evaluate(check);
                if (outcome.state() == State.PENDING && check.waits()) {
                    long t = System.nanoTime();
                    outcome = run.await(check, start.plus(check.within()));
                    long ms = (System.nanoTime() - t) / 1_000_000;
                    waits.incrementAndGet();
                    waitedMillis.addAndGet(ms);
                    log.debug("Check {} of {} waited {} ms: {}", check.id(), spec.id(), ms, outcome.state());
                }
            } catch (KubernetesClientException e) {
                log.warn("Check {} of {} could not read the cluster: {}", check.id(), spec.id(), e.getMessage());
                outcome = Outcome.failed("The check could not read your sandbox: " + e.getMessage());
            }
            String message = outcome.message();
            if (outcome.state() == State.PENDING && check.waits()) {
                message = message + " (after waiting " + check.within().toSeconds() + " s)";
            }
            boolean passed = outcome.state() == State.PASSED;
            results.add(new CheckResult(check.id(), check.expect(), passed, message, passed ? null : check.hint(),
                    spec.sectionOf(check)));
        }
        return results;
    }

    /** One grading run: reads are scoped to the sandbox namespace. */
    private static final class Run {
        private final ExerciseSpec spec;
        private final KubernetesClient admin;
        private final String ns;

        /** Reads of this run's first pass (several checks look at the same Service); cleared while waiting. */
        private final Map<String, Object> reads = new HashMap<>();

        Run(ExerciseSpec spec, KubernetesClient admin, String ns) {
            this.spec = spec;
            this.admin = admin;
            this.ns = ns;
        }

        @SuppressWarnings("unchecked")
        private <T> T read(String key, java.util.function.Supplier<T> loader) {
            if (reads.containsKey(key)) {
                return (T) reads.get(key);
            }
            T value = loader.get();
            reads.put(key, value);
            return value;
        }

        private Service service(String name) {
            return read("typed Service/" + name, () -> admin.services().inNamespace(ns).withName(name).get());
        }

        Outcome evaluate(Check check) {
            if (check.endpoints() != null) {
                return endpoints(check.endpoints());
            }
            if (check.selects() != null) {
                return selects(check.selects());
            }
            ResourceRef ref = check.resource();
            GenericKubernetesResource object = get(ref);
            if (object == null) {
                String message = "there is no " + ref.kind() + " named " + ref.name() + " in your sandbox"
                        + others(ref);
                // what the learner submitted is already applied: a missing object of an allowed kind won't come
                return spec.allows(ref.kind()) ? Outcome.failed(message) : Outcome.pending(message);
            }
            if (check.path() == null) {
                return Outcome.passed(ref.kind() + " " + ref.name() + " exists");
            }
            return path(check, object);
        }

        /** Waits for a PENDING check through watches until it is settled or the deadline passes. */
        Outcome await(Check check, Instant deadline) {
            Semaphore changed = new Semaphore(0);
            Watcher<Object> watcher = new Watcher<>() {
                @Override
                public void eventReceived(Action action, Object resource) {
                    changed.release();
                }

                @Override
                public void onClose(WatcherException cause) {
                    changed.release();
                }
            };
            try {
                watch(check, watcher);
                reads.clear();
                Outcome outcome = evaluate(check);
                while (outcome.state() == State.PENDING) {
                    long left = Duration.between(Instant.now(), deadline).toMillis();
                    reads.clear();
                    if (left <= 0 || !changed.tryAcquire(left, TimeUnit.MILLISECONDS)) {
                        return evaluate(check);
                    }
                    changed.drainPermits();
                    outcome = evaluate(check);
                }
                return outcome;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reads.clear();
                return evaluate(check);
            } finally {
                reads.clear();
                openWatches.forEach(Watch::close);
                openWatches.clear();
            }
        }

        private final List<Watch> openWatches = new ArrayList<>();

        /** Opens the watches whose events may settle {@code check}; {@link #await} closes them. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private void watch(Check check, Watcher w) {
            if (check.endpoints() != null || check.selects() != null) {
                String service = check.endpoints() != null ? check.endpoints().service() : check.selects().service();
                openWatches.add(admin.discovery().v1().endpointSlices().inNamespace(ns)
                        .withLabel(SERVICE_NAME_LABEL, service).watch(w));
                openWatches.add(admin.pods().inNamespace(ns).watch(w));
                openWatches.add(admin.services().inNamespace(ns).withName(service).watch(w));
            } else {
                ResourceRef ref = check.resource();
                openWatches.add(resources(ref).withName(ref.name()).watch(w));
            }
        }

        // ---- resource and path checks -------------------------------------------------------------------------

        private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<GenericKubernetesResource,
                io.fabric8.kubernetes.api.model.GenericKubernetesResourceList,
                io.fabric8.kubernetes.client.dsl.Resource<GenericKubernetesResource>> resources(ResourceRef ref) {
            String apiVersion = ref.apiVersion() != null ? ref.apiVersion()
                    : KnownKinds.apiVersion(ref.kind()).orElseThrow(() -> new IllegalArgumentException(
                    "kind " + ref.kind() + " needs an apiVersion in the exercise spec"));
            var op = admin.genericKubernetesResources(apiVersion, ref.kind());
            if (KnownKinds.isClusterScoped(ref.kind())) {
                return op;
            }
            return op.inNamespace(ns);
        }

        private GenericKubernetesResource get(ResourceRef ref) {
            return read(ref.kind() + "/" + ref.name(), () -> resources(ref).withName(ref.name()).get());
        }

        private String others(ResourceRef ref) {
            if (KnownKinds.isClusterScoped(ref.kind())) {
                return "";
            }
            List<String> names = resources(ref).list().getItems().stream().map(r -> r.getMetadata().getName())
                    .sorted().toList();
            return names.isEmpty() ? "" : "; " + plural(ref.kind()) + " here: " + String.join(", ", names);
        }

        private Outcome path(Check check, GenericKubernetesResource object) {
            String json = admin.getKubernetesSerialization().asJson(object);
            String field = check.path().replaceFirst("^\\$\\.?", "");
            Object value;
            try {
                value = JsonPath.read(json, check.path());
            } catch (PathNotFoundException e) {
                return Outcome.failed(field + " is not set on " + check.resource().kind() + " "
                        + check.resource().name());
            }
            List<Object> values = value instanceof Collection<?> c ? new ArrayList<>(c) : new ArrayList<>();
            if (!(value instanceof Collection<?>)) {
                values.add(value);
            }
            if (values.isEmpty() || values.stream().allMatch(Objects::isNull)) {
                return Outcome.failed(field + " is not set on " + check.resource().kind() + " "
                        + check.resource().name());
            }
            String shown = values.size() == 1 ? show(values.get(0)) : values.stream().map(Run::show)
                    .collect(Collectors.joining(", ", "[", "]"));
            boolean ok = true;
            String expected;
            if (check.equalTo() != null) {
                String want = substitute(check.equalTo());
                expected = "expected " + want;
                for (Object v : values) {
                    ok &= want.equals(String.valueOf(v));
                }
            } else if (check.matches() != null) {
                Pattern pattern = Pattern.compile(substitute(check.matches()));
                expected = "expected it to match " + pattern.pattern();
                for (Object v : values) {
                    ok &= v != null && pattern.matcher(String.valueOf(v)).find();
                }
            } else if (check.oneOf() != null) {
                expected = "expected one of " + String.join(", ", check.oneOf());
                for (Object v : values) {
                    ok &= check.oneOf().stream().map(this::substitute).anyMatch(o -> o.equals(String.valueOf(v)));
                }
            } else {
                BigDecimal min = check.range().min();
                BigDecimal max = check.range().max();
                expected = "expected " + (min != null && max != null ? "between " + min + " and " + max
                        : min != null ? "at least " + min : "at most " + max);
                for (Object v : values) {
                    try {
                        BigDecimal n = new BigDecimal(String.valueOf(v));
                        ok &= (min == null || n.compareTo(min) >= 0) && (max == null || n.compareTo(max) <= 0);
                    } catch (NumberFormatException e) {
                        ok = false;
                    }
                }
            }
            if (ok) {
                return Outcome.passed(field + " is " + shown);
            }
            String message = field + " is " + shown + "; " + expected;
            return spec.allows(check.resource().kind()) && !check.waits() ? Outcome.failed(message)
                    : Outcome.pending(message);
        }

        private String substitute(String text) {
            return text.replace("{{namespace}}", ns);
        }

        private static String show(Object value) {
            return value instanceof String s ? (s.isEmpty() ? "\"\"" : s) : String.valueOf(value);
        }

        // ---- selects ------------------------------------------------------------------------------------------

        private Outcome selects(ExerciseSpec.SelectsCondition cond) {
            Service service = service(cond.service());
            if (service == null) {
                return Outcome.failed("there is no Service named " + cond.service() + " in your sandbox");
            }
            ResourceRef workloadRef = cond.workload();
            GenericKubernetesResource workload = get(workloadRef);
            String workloadName = workloadRef.kind() + " " + workloadRef.name();
            if (workload == null) {
                return Outcome.failed(workloadName + " is missing from your sandbox; reset the sandbox to get "
                        + "it back");
            }
            Map<String, String> selector = selectorOf(service);
            if (selector.isEmpty()) {
                return Outcome.failed("Service " + cond.service() + " has no selector, so it selects no Pods");
            }
            Map<String, String> templateLabels = templateLabels(workload);
            List<Pod> pods = livePods();
            long matching = pods.stream().filter(p -> matches(selector, labels(p))).count();
            if (templateLabels.entrySet().containsAll(selector.entrySet())) {
                long ofWorkload = pods.stream().filter(p -> matches(templateLabels, labels(p))).count();
                return Outcome.passed("selector " + show(selector) + " matches the " + ofWorkload + " Pods of "
                        + workloadName);
            }
            String found = "selector " + show(selector) + " matches " + matching + " Pod" + (matching == 1 ? ""
                    : "s");
            if (matching > 0) {
                found += ", none of them from " + workloadName;
            }
            return Outcome.failed(found + "; " + podLabelsHere(pods, templateLabels));
        }

        // ---- endpoints ----------------------------------------------------------------------------------------

        private Outcome endpoints(ExerciseSpec.EndpointsCondition cond) {
            Service service = service(cond.service());
            if (service == null) {
                String message = "there is no Service named " + cond.service() + " in your sandbox";
                return spec.allows("Service") ? Outcome.failed(message) : Outcome.pending(message);
            }
            int want = cond.ready();
            Integer wantPort = cond.port();
            String wanted = want + " ready endpoint" + (want == 1 ? "" : "s")
                    + (wantPort != null ? " on port " + wantPort : "");
            Map<String, String> selector = selectorOf(service);
            List<EndpointSlice> slices = admin.discovery().v1().endpointSlices().inNamespace(ns)
                    .withLabel(SERVICE_NAME_LABEL, cond.service()).list().getItems();
            Map<Integer, Integer> readyByPort = readyByPort(slices, null);
            if (selector.isEmpty()) {
                // without a selector the learner manages EndpointSlices; count what is there
                return countOutcome(readyByPort, want, wantPort, wanted,
                        "Service " + cond.service() + " has no selector, so Kubernetes keeps no endpoints for it");
            }
            List<Pod> pods = livePods();
            List<Pod> matching = pods.stream().filter(p -> matches(selector, labels(p))).toList();
            if (matching.isEmpty()) {
                String message = "selector " + show(selector) + " matches 0 Pods; " + podLabelsHere(pods, Map.of());
                return podsComing(selector) ? Outcome.pending(message) : Outcome.failed(message);
            }
            Set<String> matchingNames = matching.stream().map(p -> p.getMetadata().getName())
                    .collect(Collectors.toSet());
            // the ports the EndpointSlice controller will publish, from the Service and the Pods as they are now
            Map<String, Set<Integer>> expectedPorts = new TreeMap<>();
            List<String> unresolved = new ArrayList<>();
            for (ServicePort sp : service.getSpec().getPorts()) {
                Set<Integer> numbers = new TreeSet<>();
                IntOrString target = sp.getTargetPort();
                if (target == null || (target.getIntVal() == null && target.getStrVal() == null)) {
                    numbers.add(sp.getPort());
                } else if (target.getIntVal() != null) {
                    numbers.add(target.getIntVal());
                } else {
                    for (Pod pod : matching) {
                        containerPorts(pod).stream().filter(cp -> target.getStrVal().equals(cp.getName()))
                                .map(ContainerPort::getContainerPort).forEach(numbers::add);
                    }
                    if (numbers.isEmpty()) {
                        unresolved.add(target.getStrVal());
                    }
                }
                expectedPorts.put(Objects.toString(sp.getName(), ""), numbers);
            }
            int readyMatching = (int) matching.stream().filter(Readiness::isReady).count();
            boolean consistent = consistent(slices, expectedPorts, matching, matchingNames);
            Map<Integer, Integer> liveByPort = readyByPort(slices, matchingNames);
            Set<Integer> allExpected = expectedPorts.values().stream().flatMap(Set::stream)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (wantPort != null && !allExpected.contains(wantPort)) {
                String found = consistent ? describe(liveByPort) : describeExpected(readyMatching, allExpected);
                String why = whyNotPort(service, matching, unresolved);
                String message = found + "; expected " + want + " on port " + wantPort + why;
                return consistent ? Outcome.failed(message) : Outcome.pending(message);
            }
            if (!consistent) {
                return Outcome.pending(describe(liveByPort) + "; expected " + want
                        + (wantPort != null ? " on port " + wantPort : "") + " (the endpoints are still being "
                        + "updated)");
            }
            int got = wantPort != null ? liveByPort.getOrDefault(wantPort, 0)
                    : liveByPort.values().stream().max(Integer::compare).orElse(0);
            if (got >= want) {
                return Outcome.passed(describe(liveByPort));
            }
            String message = describe(liveByPort) + "; expected " + want + (wantPort != null ? " on port "
                    + wantPort : "") + " (selector " + show(selector) + " matches " + matching.size() + " Pod"
                    + (matching.size() == 1 ? "" : "s") + ", " + readyMatching + " ready)";
            boolean mayImprove = readyMatching < matching.size() || podsComing(selector);
            return mayImprove ? Outcome.pending(message) : Outcome.failed(message);
        }

        private Outcome countOutcome(Map<Integer, Integer> readyByPort, int want, Integer wantPort, String wanted,
                                     String why) {
            int got = wantPort != null ? readyByPort.getOrDefault(wantPort, 0)
                    : readyByPort.values().stream().max(Integer::compare).orElse(0);
            if (got >= want) {
                return Outcome.passed(describe(readyByPort));
            }
            return Outcome.failed(describe(readyByPort) + "; expected " + wanted + " — " + why);
        }

        /** Whether the slices already show the Service and Pods as they are now (the controller caught up). */
        private static boolean consistent(List<EndpointSlice> slices, Map<String, Set<Integer>> expectedPorts,
                                          List<Pod> matching, Set<String> matchingNames) {
            Set<String> readyInSlices = new TreeSet<>();
            Map<String, Set<Integer>> slicePorts = new TreeMap<>();
            for (EndpointSlice slice : slices) {
                List<Endpoint> endpoints = slice.getEndpoints() == null ? List.of() : slice.getEndpoints();
                for (Endpoint e : endpoints) {
                    String pod = e.getTargetRef() != null ? e.getTargetRef().getName() : null;
                    if (pod == null || !matchingNames.contains(pod)) {
                        return false; // an endpoint of a Pod the selector no longer matches
                    }
                    if (Readiness.isReady(e)) {
                        readyInSlices.add(pod);
                    }
                }
                if (!endpoints.isEmpty() && slice.getPorts() != null) {
                    for (EndpointPort p : slice.getPorts()) {
                        slicePorts.computeIfAbsent(Objects.toString(p.getName(), ""), k -> new TreeSet<>())
                                .add(p.getPort());
                    }
                }
            }
            Set<String> readyPods = matching.stream().filter(Readiness::isReady).map(p -> p.getMetadata().getName())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!readyPods.equals(readyInSlices)) {
                return false;
            }
            if (readyPods.isEmpty()) {
                return true;
            }
            Map<String, Set<Integer>> wantPorts = new TreeMap<>();
            expectedPorts.forEach((name, numbers) -> {
                if (!numbers.isEmpty()) {
                    wantPorts.put(name, numbers);
                }
            });
            return wantPorts.equals(slicePorts);
        }

        private static Map<Integer, Integer> readyByPort(List<EndpointSlice> slices, Set<String> onlyPods) {
            Map<Integer, Integer> byPort = new TreeMap<>();
            for (EndpointSlice slice : slices) {
                if (slice.getPorts() == null || slice.getEndpoints() == null) {
                    continue;
                }
                int ready = 0;
                for (Endpoint e : slice.getEndpoints()) {
                    String pod = e.getTargetRef() != null ? e.getTargetRef().getName() : null;
                    if (Readiness.isReady(e) && (onlyPods == null || onlyPods.contains(pod))) {
                        ready++;
                    }
                }
                for (EndpointPort p : slice.getPorts()) {
                    if (p.getPort() != null) {
                        byPort.merge(p.getPort(), ready, Integer::sum);
                    }
                }
            }
            return byPort;
        }

        private static String describe(Map<Integer, Integer> readyByPort) {
            if (readyByPort.isEmpty() || readyByPort.values().stream().allMatch(n -> n == 0)) {
                return "0 ready endpoints";
            }
            return readyByPort.entrySet().stream().filter(e -> e.getValue() > 0)
                    .map(e -> e.getValue() + " ready endpoint" + (e.getValue() == 1 ? "" : "s") + " on port "
                            + e.getKey())
                    .collect(Collectors.joining(", "));
        }

        private static String describeExpected(int ready, Set<Integer> ports) {
            if (ports.isEmpty() || ready == 0) {
                return "0 ready endpoints";
            }
            return ports.stream().map(p -> ready + " ready endpoint" + (ready == 1 ? "" : "s") + " on port " + p)
                    .collect(Collectors.joining(", "));
        }

        /** Why the Service's targetPort does not reach {@code wantPort}, naming what the containers declare. */
        private static String whyNotPort(Service service, List<Pod> pods, List<String> unresolved) {
            Set<String> declared = new LinkedHashSet<>();
            Set<Integer> declaredNumbers = new TreeSet<>();
            for (Pod pod : pods) {
                for (ContainerPort cp : containerPorts(pod)) {
                    declaredNumbers.add(cp.getContainerPort());
                    declared.add(cp.getContainerPort() + (cp.getName() != null ? " named " + cp.getName() : ""));
                }
            }
            String theyDeclare = declared.isEmpty() ? "they declare no ports"
                    : "they declare " + String.join(", ", declared);
            if (!unresolved.isEmpty()) {
                return " — targetPort " + String.join(", ", unresolved) + " is not a port name the Pods' containers "
                        + "declare (" + theyDeclare + ")";
            }
            List<String> numbers = new ArrayList<>();
            for (ServicePort sp : service.getSpec().getPorts()) {
                IntOrString t = sp.getTargetPort();
                int n = t == null || t.getIntVal() == null ? sp.getPort() : t.getIntVal();
                if ((t == null || t.getStrVal() == null) && !declaredNumbers.contains(n)) {
                    numbers.add(String.valueOf(n));
                }
            }
            if (!numbers.isEmpty()) {
                return " — targetPort " + String.join(", ", numbers) + " is not a port the Pods' containers declare ("
                        + theyDeclare + ")";
            }
            return " — targetPort sends traffic to another port of the Pods (" + theyDeclare + ")";
        }

        // ---- Pods and workloads -------------------------------------------------------------------------------

        private List<Pod> livePods() {
            return read("pods", () -> admin.pods().inNamespace(ns).list().getItems().stream()
                    .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                    .filter(p -> !"Succeeded".equals(phase(p)) && !"Failed".equals(phase(p)))
                    .toList());
        }

        /** Whether a workload in the namespace makes Pods the selector will match (so waiting may help). */
        private boolean podsComing(Map<String, String> selector) {
            for (String kind : WORKLOAD_KINDS) {
                for (GenericKubernetesResource w : resources(new ResourceRef(kind, "-", null)).list().getItems()) {
                    Map<String, String> labels = templateLabels(w);
                    Object replicas = w.get("spec", "replicas");
                    boolean scaledToZero = replicas instanceof Number n && n.intValue() == 0;
                    if (!scaledToZero && !labels.isEmpty() && matches(selector, labels)) {
                        return true;
                    }
                }
            }
            return false;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, String> templateLabels(GenericKubernetesResource workload) {
            Object labels = "Pod".equals(workload.getKind()) ? workload.getMetadata().getLabels()
                    : "CronJob".equals(workload.getKind())
                    ? workload.get("spec", "jobTemplate", "spec", "template", "metadata", "labels")
                    : workload.get("spec", "template", "metadata", "labels");
            if (labels instanceof Map<?, ?> m) {
                Map<String, String> result = new TreeMap<>();
                ((Map<Object, Object>) m).forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
                return result;
            }
            return Map.of();
        }

        private static Map<String, String> selectorOf(Service service) {
            Map<String, String> selector = service.getSpec() == null ? null : service.getSpec().getSelector();
            return selector == null ? Map.of() : new TreeMap<>(selector);
        }

        private static Map<String, String> labels(Pod pod) {
            Map<String, String> labels = pod.getMetadata().getLabels();
            return labels == null ? Map.of() : labels;
        }

        private static boolean matches(Map<String, String> selector, Map<String, String> labels) {
            return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
        }

        private static String podLabelsHere(List<Pod> pods, Map<String, String> fallback) {
            Set<String> sets = new LinkedHashSet<>();
            for (Pod pod : pods) {
                Map<String, String> shown = new TreeMap<>();
                labels(pod).forEach((k, v) -> {
                    if (!NOISY_LABELS.contains(k) && !k.startsWith("kubeguide.io/")) {
                        shown.put(k, v);
                    }
                });
                sets.add(shown.isEmpty() ? "(no labels)" : show(shown));
            }
            if (sets.isEmpty()) {
                return fallback.isEmpty() ? "there are no Pods in your sandbox"
                        : "the workload's Pods will be labelled " + show(fallback);
            }
            return (pods.size() == 1 ? "the Pod here is labelled " : "Pods here are labelled ")
                    + String.join("; ", sets);
        }

        private static String show(Map<String, String> labels) {
            return labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        }

        private static List<ContainerPort> containerPorts(Pod pod) {
            List<ContainerPort> ports = new ArrayList<>();
            if (pod.getSpec() != null && pod.getSpec().getContainers() != null) {
                pod.getSpec().getContainers().forEach(c -> {
                    if (c.getPorts() != null) {
                        ports.addAll(c.getPorts());
                    }
                });
            }
            return ports;
        }

        private static String phase(Pod pod) {
            return pod.getStatus() == null ? null : pod.getStatus().getPhase();
        }

        private static String plural(String kind) {
            return kind.endsWith("s") ? kind + "es" : kind.endsWith("y") ? kind.substring(0, kind.length() - 1)
                    + "ies" : kind + "s";
        }
    }
}
