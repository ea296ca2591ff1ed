package io.kubeguide.exercise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Finds the YAML node an API-server field path is about, so an error can point at a line and column. Paths as the
 * API server writes them: {@code spec.ports[0].targetPort}, {@code .spec.selctor}, {@code metadata.labels[app]},
 * list items by key as server-side apply writes them ({@code spec.ports[port=80,protocol="TCP"].name},
 * {@code spec.containers[name="web"]}) or set items ({@code metadata.finalizers[="a"]}). When the path goes further
 * than the YAML (a field the server defaulted), the deepest node that exists is returned.
 */
public final class NodeLocator {

    private NodeLocator() {}

    /** The value of {@code key} in {@code mapping}, or {@code mapping} itself when it has no such key. */
    public static Node valueNode(Node mapping, String key) {
        NodeTuple entry = entry(mapping, key);
        return entry == null ? mapping : entry.getValueNode();
    }

    /** The deepest VALUE node along {@code fieldPath}, starting from a document's root. */
    public static Node find(Node root, String fieldPath) {
        Node current = root;
        for (String segment : segments(fieldPath)) {
            Step step = step(current, segment);
            if (step == null) {
                return current;
            }
            current = step.value();
        }
        return current;
    }

    /**
     * Where a learner would look for the field: the KEY of the field named by {@code fieldPath} (its line and column),
     * or the list item it names; when the YAML does not go that far, the key or item of the deepest field that exists.
     */
    public static Node fieldNode(Node root, String fieldPath) {
        Node current = root;
        Node position = root;
        for (String segment : segments(fieldPath)) {
            Step step = step(current, segment);
            if (step == null) {
                return position;
            }
            current = step.value();
            position = step.position();
        }
        return position;
    }

    /** One step down: the value reached and the node that marks its place (a mapping key, or the item itself). */
    private record Step(Node value, Node position) {}

    private static Step step(Node current, String segment) {
        if (current instanceof MappingNode) {
            NodeTuple entry = entry(current, segment);
            return entry == null ? null : new Step(entry.getValueNode(), entry.getKeyNode());
        }
        if (current instanceof SequenceNode s) {
            Node item = item(s, segment);
            return item == null ? null : new Step(item, item);
        }
        return null;
    }

    private static NodeTuple entry(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return t;
                }
            }
        }
        return null;
    }

    /** {@code 0}, {@code name="web"}, {@code port=80,protocol="TCP"} or {@code ="a"} in a list. */
    private static Node item(SequenceNode list, String segment) {
        if (segment.matches("\\d+")) {
            int index = Integer.parseInt(segment);
            return index < list.getValue().size() ? list.getValue().get(index) : null;
        }
        if (segment.startsWith("=")) {
            String wanted = unquote(segment.substring(1));
            return list.getValue().stream()
                    .filter(n ->
                            n instanceof ScalarNode scalar && scalar.getValue().equals(wanted))
                    .findFirst()
                    .orElse(null);
        }
        Map<String, String> keys = keys(segment);
        if (keys.isEmpty()) {
            return null;
        }
        for (Node item : list.getValue()) {
            boolean matches = true;
            boolean any = false;
            for (Map.Entry<String, String> key : keys.entrySet()) {
                // a key the YAML leaves out (protocol: TCP is a default) does not decide
                if (entry(item, key.getKey()) != null) {
                    any = true;
                    matches &= valueNode(item, key.getKey()) instanceof ScalarNode v
                            && v.getValue().equals(key.getValue());
                }
            }
            if (any && matches) {
                return item;
            }
        }
        return null;
    }

    /** {@code port=80,protocol="TCP"} gives port: 80, protocol: TCP; anything else gives nothing. */
    private static Map<String, String> keys(String segment) {
        Map<String, String> keys = new LinkedHashMap<>();
        for (String pair : segment.split(",(?=[A-Za-z]+=)")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                return Map.of();
            }
            keys.put(
                    pair.substring(0, eq).trim(), unquote(pair.substring(eq + 1).trim()));
        }
        return keys;
    }

    private static String unquote(String s) {
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    /** {@code spec.ports[0].port} gives spec, ports, 0, port; {@code labels[a.b/c]} keeps {@code a.b/c} whole. */
    static List<String> segments(String fieldPath) {
        List<String> segments = new ArrayList<>();
        if (fieldPath == null) {
            return segments;
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        String path = fieldPath.trim();
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                flush(sb, segments);
            } else if (c == '[') {
                flush(sb, segments);
                int end = closing(path, i);
                segments.add(unquote(path.substring(i + 1, end)));
                i = end;
            } else {
                sb.append(c);
            }
            i++;
        }
        flush(sb, segments);
        return segments;
    }

    /** The {@code ]} closing the {@code [} at {@code open}, skipping any inside quotes ({@code [name="a]b"]}). */
    private static int closing(String path, int open) {
        boolean quoted = false;
        for (int i = open + 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ']' && !quoted) {
                return i;
            }
        }
        return path.length();
    }

    private static void flush(StringBuilder sb, List<String> segments) {
        if (!sb.isEmpty()) {
            segments.add(sb.toString());
            sb.setLength(0);
        }
    }
}
