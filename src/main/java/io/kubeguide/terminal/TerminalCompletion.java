package io.kubeguide.terminal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubeguide.sandbox.Sandbox;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Tab completion of the word being typed: kubectl's name, allowed verbs, sub-commands, resource types and the names of
 * objects in the learner's own sandbox namespace (read like the live view reads them).
 */
final class TerminalCompletion {

    private static final Map<String, List<String>> SUBCOMMANDS = Map.of(
            "rollout", List.of("history", "pause", "restart", "resume", "status", "undo"),
            "create",
                    List.of(
                            "configmap",
                            "cronjob",
                            "deployment",
                            "ingress",
                            "job",
                            "poddisruptionbudget",
                            "secret",
                            "service",
                            "serviceaccount"),
            "set", List.of("env", "image", "resources", "selector", "serviceaccount", "subject"),
            "auth", List.of("can-i"),
            "top", List.of("pod", "node"));

    /** Verbs whose next words are a resource type and then names. */
    private static final List<String> TAKES_RESOURCES = List.of(
            "get",
            "describe",
            "delete",
            "label",
            "annotate",
            "patch",
            "scale",
            "expose",
            "explain",
            "wait",
            "rollout",
            "set",
            "events",
            "diff");

    private static final Map<String, BiFunction<KubernetesClient, String, List<? extends HasMetadata>>> LISTERS =
            listers();
    private static final List<String> TYPES = List.of(
            "pods",
            "services",
            "deployments",
            "replicasets",
            "endpointslices",
            "endpoints",
            "configmaps",
            "secrets",
            "persistentvolumeclaims",
            "persistentvolumes",
            "storageclasses",
            "serviceaccounts",
            "statefulsets",
            "daemonsets",
            "jobs",
            "cronjobs",
            "ingresses",
            "networkpolicies",
            "events",
            "nodes",
            "namespaces");

    List<String> complete(String line, Sandbox sandbox) {
        String text = line == null ? "" : line;
        List<String> words = new ArrayList<>(
                List.of(text.trim().isEmpty() ? new String[0] : text.trim().split("\\s+")));
        String current = text.isEmpty() || Character.isWhitespace(text.charAt(text.length() - 1))
                ? ""
                : words.remove(words.size() - 1);
        if (words.isEmpty()) {
            return matching(List.of("kubectl"), current);
        }
        List<String> positional = words.subList(1, words.size()).stream()
                .filter(w -> !w.startsWith("-"))
                .toList();
        if (current.startsWith("-")) {
            return List.of();
        }
        if (positional.isEmpty()) {
            return matching(KubectlPolicy.ALLOWED, current);
        }
        String verb = positional.get(0);
        List<String> rest = positional.subList(1, positional.size());
        if (SUBCOMMANDS.containsKey(verb) && rest.isEmpty()) {
            return matching(SUBCOMMANDS.get(verb), current);
        }
        if (SUBCOMMANDS.containsKey(verb) && !verb.equals("rollout") && !verb.equals("set")) {
            return List.of();
        }
        if (!TAKES_RESOURCES.contains(verb)) {
            return List.of();
        }
        List<String> afterSub = verb.equals("rollout") || verb.equals("set") ? rest.subList(1, rest.size()) : rest;
        if (current.contains("/")) {
            String type = current.substring(0, current.indexOf('/'));
            return names(sandbox, type).stream()
                    .map(n -> type + "/" + n)
                    .filter(n -> n.startsWith(current))
                    .toList();
        }
        if (afterSub.isEmpty()) {
            return matching(TYPES, current);
        }
        if (verb.equals("explain")) {
            return List.of();
        }
        return matching(names(sandbox, afterSub.get(0)), current);
    }

    private static List<String> names(Sandbox sandbox, String type) {
        BiFunction<KubernetesClient, String, List<? extends HasMetadata>> lister = LISTERS.get(canonical(type));
        if (sandbox == null || lister == null) {
            return List.of();
        }
        try {
            return lister.apply(sandbox.adminClient(), sandbox.namespace()).stream()
                    .map(o -> o.getMetadata().getName())
                    .sorted()
                    .toList();
        } catch (KubernetesClientException e) {
            return List.of(); // completion is a help, never an error
        }
    }

    private static String canonical(String type) {
        String t = type.toLowerCase(Locale.ROOT);
        int dot = t.indexOf('.');
        if (dot > 0) {
            t = t.substring(0, dot);
        }
        return switch (t) {
            case "po", "pod" -> "pods";
            case "svc", "service" -> "services";
            case "deploy", "deployment" -> "deployments";
            case "rs", "replicaset" -> "replicasets";
            case "endpointslice" -> "endpointslices";
            case "ep", "endpoint" -> "endpoints";
            case "cm", "configmap" -> "configmaps";
            case "secret" -> "secrets";
            case "pvc", "persistentvolumeclaim" -> "persistentvolumeclaims";
            case "sa", "serviceaccount" -> "serviceaccounts";
            case "sts", "statefulset" -> "statefulsets";
            case "ds", "daemonset" -> "daemonsets";
            case "job" -> "jobs";
            case "cj", "cronjob" -> "cronjobs";
            case "ing", "ingress" -> "ingresses";
            default -> t;
        };
    }

    private static Map<String, BiFunction<KubernetesClient, String, List<? extends HasMetadata>>> listers() {
        Map<String, BiFunction<KubernetesClient, String, List<? extends HasMetadata>>> m = new LinkedHashMap<>();
        m.put("pods", (c, ns) -> c.pods().inNamespace(ns).list().getItems());
        m.put("services", (c, ns) -> c.services().inNamespace(ns).list().getItems());
        m.put(
                "deployments",
                (c, ns) -> c.apps().deployments().inNamespace(ns).list().getItems());
        m.put(
                "replicasets",
                (c, ns) -> c.apps().replicaSets().inNamespace(ns).list().getItems());
        m.put(
                "endpointslices",
                (c, ns) -> c.discovery()
                        .v1()
                        .endpointSlices()
                        .inNamespace(ns)
                        .list()
                        .getItems());
        m.put("configmaps", (c, ns) -> c.configMaps().inNamespace(ns).list().getItems());
        m.put("secrets", (c, ns) -> c.secrets().inNamespace(ns).list().getItems());
        m.put(
                "persistentvolumeclaims",
                (c, ns) -> c.persistentVolumeClaims().inNamespace(ns).list().getItems());
        m.put(
                "serviceaccounts",
                (c, ns) -> c.serviceAccounts().inNamespace(ns).list().getItems());
        m.put(
                "statefulsets",
                (c, ns) -> c.apps().statefulSets().inNamespace(ns).list().getItems());
        m.put(
                "daemonsets",
                (c, ns) -> c.apps().daemonSets().inNamespace(ns).list().getItems());
        m.put("jobs", (c, ns) -> c.batch().v1().jobs().inNamespace(ns).list().getItems());
        m.put(
                "cronjobs",
                (c, ns) -> c.batch().v1().cronjobs().inNamespace(ns).list().getItems());
        m.put(
                "ingresses",
                (c, ns) -> c.network().v1().ingresses().inNamespace(ns).list().getItems());
        return Map.copyOf(m);
    }

    private static List<String> matching(List<String> candidates, String prefix) {
        return candidates.stream().filter(c -> c.startsWith(prefix)).toList();
    }
}
