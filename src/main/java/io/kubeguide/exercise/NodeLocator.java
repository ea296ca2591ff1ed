package io.kubeguide.exercise;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the YAML node an API-server field path such as {@code spec.ports[0].targetPort} or
 * {@code metadata.labels[app.kubernetes.io/name]} is about, so an error can point at a line. When the path goes
 * further than the YAML (a field the server defaulted), the deepest node that exists is returned.
 */
public final class NodeLocator {

    private NodeLocator() {
    }

    /** The value of {@code key} in {@code mapping}, or {@code mapping} itself when it has no such key. */
    public static Node valueNode(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return t.getValueNode();
                }
            }
        }
        return mapping;
    }

    /** The deepest node along {@code fieldPath}, starting from a document's root. */
    public static Node find(Node root, String fieldPath) {
        Node current = root;
        for (String segment : segments(fieldPath)) {
            Node next = null;
            if (current instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(segment)) {
                        next = t.getValueNode();
                        break;
                    }
                }
            } else if (current instanceof SequenceNode s && segment.matches("\\d+")) {
                int index = Integer.parseInt(segment);
                if (index < s.getValue().size()) {
                    next = s.getValue().get(index);
                }
            }
            if (next == null) {
                return current;
            }
            current = next;
        }
        return current;
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
                int end = path.indexOf(']', i);
                if (end < 0) {
                    end = path.length();
                }
                String inner = path.substring(i + 1, end);
                if (inner.startsWith("\"") && inner.endsWith("\"") && inner.length() >= 2) {
                    inner = inner.substring(1, inner.length() - 1);
                }
                segments.add(inner);
                i = end;
            } else {
                sb.append(c);
            }
            i++;
        }
        flush(sb, segments);
        return segments;
    }

    private static void flush(StringBuilder sb, List<String> segments) {
        if (!sb.isEmpty()) {
            segments.add(sb.toString());
            sb.setLength(0);
        }
    }
}
