package io.kubeguide.exercise.grading;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What checks need to know of Pods, workloads and Service ports, in words a learner reads. */
final class PodFacts {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final Set<String> NOISY_LABELS = Set.of(
            "pod-template-hash",
            "controller-revision-hash",
            "statefulset.kubernetes.io/pod-name",
            "apps.kubernetes.io/pod-index",
            "controller-uid",
            "job-name",
            "batch.kubernetes.io/controller-uid",
            "batch.kubernetes.io/job-name");

    private PodFacts() {}

    /** An object as plain maps and lists, as its JSON reads. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> plain(Object object) {
        return SERIALIZATION.convertValue(object, Map.class);
    }

    static Map<String, String> labels(Pod pod) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }

    static Map<String, String> selectorOf(Service service) {
        Map<String, String> selector =
                service.getSpec() == null ? null : service.getSpec().getSelector();
        return selector == null ? Map.of() : new TreeMap<>(selector);
    }

    static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        return !selector.isEmpty() && labels.entrySet().containsAll(selector.entrySet());
    }

    static List<Pod> selectedBy(Map<String, String> selector, List<Pod> pods) {
        return pods.stream().filter(p -> matches(selector, labels(p))).toList();
    }

    static String name(Pod pod) {
        return pod.getMetadata().getName();
    }

    /** The labels a workload gives its Pods. */
    @SuppressWarnings("unchecked")
    static Map<String, String> templateLabels(GenericKubernetesResource workload) {
        Object labels = "Pod".equals(workload.getKind())
                ? workload.getMetadata().getLabels()
                : workload.get("spec", "template", "metadata", "labels");
        Map<String, String> result = new TreeMap<>();
        if (labels instanceof Map<?, ?> m) {
            ((Map<Object, Object>) m).forEach((k, v) -> result.put(String.valueOf(k), String.valueOf(v)));
        }
        return result;
    }

    /** Whether a workload in the sandbox makes (more) Pods that the selector matches, so waiting may help. */
    static boolean podsComing(Map<String, String> selector, List<GenericKubernetesResource> workloads) {
        for (GenericKubernetesResource w : workloads) {
            Object replicas = w.get("spec", "replicas");
            boolean scaledToZero = replicas instanceof Number n && n.intValue() == 0;
            Map<String, String> labels = templateLabels(w);
            if (!scaledToZero
                    && !labels.isEmpty()
                    && matches(selector, labels)
                    && ("Job".equals(w.getKind()) || !ReplicaStatus.of(w).hasAllItsPods())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a Deployment or StatefulSet of the sandbox is still replacing or scaling its Pods: until it is done,
     * Pods of its old template may still be selected, and the verdict on them is not the final one.
     */
    static boolean rollingOut(List<GenericKubernetesResource> workloads) {
        return workloads.stream()
                .filter(w -> "Deployment".equals(w.getKind()) || "StatefulSet".equals(w.getKind()))
                .anyMatch(w -> ReplicaStatus.of(w).replacing());
    }

    static List<ContainerPort> containerPorts(Pod pod) {
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

    static String protocol(ServicePort port) {
        return port.getProtocol() == null ? "TCP" : port.getProtocol();
    }

    static String protocol(ContainerPort port) {
        return port.getProtocol() == null ? "TCP" : port.getProtocol();
    }

    /**
     * The Pod's port number that a Service port sends traffic to, as the EndpointSlice controller resolves it: the
     * number itself, or the Pod's container port of that name and protocol; null when the name is not declared.
     */
    static Integer resolveTarget(ServicePort port, Pod pod) {
        IntOrString target = port.getTargetPort();
        if (target == null || target.getIntVal() == null && target.getStrVal() == null) {
            return port.getPort();
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        return containerPorts(pod).stream()
                .filter(cp ->
                        target.getStrVal().equals(cp.getName()) && protocol(cp).equals(protocol(port)))
                .map(ContainerPort::getContainerPort)
                .findFirst()
                .orElse(null);
    }

    /** "8080 named http, 9090" */
    static String declaredPorts(List<Pod> pods) {
        Set<String> declared = new LinkedHashSet<>();
        for (Pod pod : pods) {
            for (ContainerPort cp : containerPorts(pod)) {
                declared.add(cp.getContainerPort()
                        + (cp.getName() != null ? " named " + cp.getName() : "")
                        + ("TCP".equals(protocol(cp)) ? "" : "/" + protocol(cp)));
            }
        }
        return declared.isEmpty() ? "they declare no ports" : "they declare " + String.join(", ", declared);
    }

    /** "80/TCP (http) -> 8080" for each port of a Service. */
    static String describePorts(Service service) {
        List<ServicePort> ports = service.getSpec() == null || service.getSpec().getPorts() == null
                ? List.of()
                : service.getSpec().getPorts();
        if (ports.isEmpty()) {
            return "it has no ports";
        }
        return "its ports: " + ports.stream().map(PodFacts::describe).collect(Collectors.joining(", "));
    }

    static String describe(ServicePort p) {
        IntOrString t = p.getTargetPort();
        String target = t == null
                ? String.valueOf(p.getPort())
                : t.getIntVal() != null ? String.valueOf(t.getIntVal()) : t.getStrVal();
        return p.getPort() + "/" + protocol(p)
                + (p.getName() != null && !p.getName().isEmpty() ? " (" + p.getName() + ")" : "") + " -> " + target;
    }

    /** "the Pods here are labelled app=web,tier=frontend" */
    static String podLabelsHere(List<Pod> pods, Map<String, String> fallback) {
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
            return fallback.isEmpty()
                    ? "there are no Pods in your sandbox"
                    : "the workload's Pods will be labelled " + show(fallback);
        }
        return (pods.size() == 1 ? "the Pod here is labelled " : "Pods here are labelled ") + String.join("; ", sets);
    }

    static String show(Map<String, String> labels) {
        return labels.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    /** "Services", "PersistentVolumeClaims", "Ingresses", "NetworkPolicies". */
    static String plural(String kind) {
        return kind.endsWith("s")
                ? kind + "es"
                : kind.endsWith("y") ? kind.substring(0, kind.length() - 1) + "ies" : kind + "s";
    }

    static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
