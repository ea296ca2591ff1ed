package io.kubeguide.exercise.schema;

import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.exercise.schema.Schema.JsonType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Checks a learner's object, as written (its YAML node tree, so every problem has the line and column of its key),
 * against the API server's schema for its kind: field names (with the known field one or two edits away as a
 * suggestion) and basic types (string, number, true/false, mapping, list; number-or-name for int-or-string fields).
 * What this does not catch, the API server still does: this only spares the learner a round trip and a cryptic
 * answer, it never accepts anything the server would refuse.
 */
public final class SchemaCheck {

    /** Fields the API server sets; a pasted {@code kubectl get -o yaml} carries them and they are dropped anyway. */
    private static final Set<String> IGNORED_TOP_LEVEL = Set.of("status");

    private static final int MAX_PROBLEMS = 20;

    private final ApiSchema api;
    private final String kind;
    private final String what;
    private final List<Problem> problems = new ArrayList<>();
    /** The nodes from the root down to the current one: an alias that contains itself is not followed again. */
    private final IdentityHashMap<Node, Boolean> descending = new IdentityHashMap<>();

    private SchemaCheck(ApiSchema api, String kind, String what) {
        this.api = api;
        this.kind = kind;
        this.what = what;
    }

    /**
     * @param what the object as the learner knows it, e.g. {@code Service frontend-service}, to start each message
     * @return the problems, in the order of the YAML; empty when the kind is not in {@code api}
     */
    public static List<Problem> check(ApiSchema api, String kind, Node object, String what) {
        SchemaCheck check = new SchemaCheck(api, kind, what);
        api.kind(kind).ifPresent(schema -> check.object(object, schema, "", true));
        return List.copyOf(check.problems);
    }

    private void value(Node node, Node keyNode, Schema declared, String path) {
        Schema schema = api.resolve(declared);
        if (problems.size() >= MAX_PROBLEMS || isNull(node) || descending.containsKey(node)) {
            return;
        }
        JsonType found = typeOf(node);
        if (!schema.types().isEmpty() && !accepts(schema.types(), found, node)) {
            add(
                    keyNode,
                    path + ": " + expected(schema.types()) + ", got " + shown(node, found)
                            + advice(schema.types(), found, node));
            return;
        }
        descending.put(node, Boolean.TRUE);
        if (node instanceof MappingNode mapping) {
            object(mapping, declared, path, false);
        } else if (node instanceof SequenceNode list && schema.items() != null) {
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                value(item, item, schema.items(), path + "[" + i + "]");
            }
        }
        descending.remove(node);
    }

    private void object(Node node, Schema declared, String path, boolean topLevel) {
        Schema schema = api.resolve(declared);
        if (!(node instanceof MappingNode mapping)) {
            return;
        }
        for (NodeTuple entry : mapping.getValue()) {
            if (!(entry.getKeyNode() instanceof ScalarNode keyNode)) {
                continue;
            }
            String key = keyNode.getValue();
            if (topLevel && IGNORED_TOP_LEVEL.contains(key)) {
                continue;
            }
            String fieldPath = path.isEmpty() ? key : path + (plainKey(key) ? "." + key : "[" + key + "]");
            Schema field = schema.properties().get(key);
            if (field == null && schema.values() != null) {
                field = schema.values();
            }
            if (field == null) {
                if (schema.closed()) {
                    unknownField(keyNode, fieldPath, key, path, declared, schema);
                }
                continue;
            }
            value(entry.getValueNode(), keyNode, field, fieldPath);
        }
    }

    private void unknownField(
            ScalarNode keyNode, String fieldPath, String key, String parentPath, Schema declared, Schema schema) {
        int line = keyNode.getStartMark().getLine() + 1;
        String text = "unknown field \"" + fieldPath + "\" (line " + line + "): ";
        var meant = DidYouMean.closest(key, schema.properties().keySet());
        if (meant.isPresent()) {
            text += "did you mean \"" + meant.get() + "\"?";
        } else {
            String explain = (kind.toLowerCase(Locale.ROOT) + "." + parentPath.replaceAll("\\[[^]]*]", ""))
                    .replaceAll("\\.$", "");
            String owner = ApiSchema.shortName(declared);
            text += (owner != null ? "a " + owner : parentPath.isEmpty() ? "a " + kind : parentPath)
                    + " has no such field (see kubectl explain " + explain + ")";
        }
        add(keyNode, text);
    }

    private void add(Node at, String text) {
        problems.add(
                new Problem(at.getStartMark().getLine() + 1, at.getStartMark().getColumn() + 1, what + ": " + text));
    }

    private static boolean plainKey(String key) {
        return key.matches("[A-Za-z0-9_-]+");
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static JsonType typeOf(Node node) {
        if (node instanceof MappingNode) {
            return JsonType.OBJECT;
        }
        if (node instanceof SequenceNode) {
            return JsonType.ARRAY;
        }
        Tag tag = node.getTag();
        if (Tag.INT.equals(tag)) {
            return JsonType.INTEGER;
        }
        if (Tag.FLOAT.equals(tag)) {
            return JsonType.NUMBER;
        }
        if (Tag.BOOL.equals(tag)) {
            return JsonType.BOOLEAN;
        }
        return JsonType.STRING;
    }

    private static boolean accepts(Set<JsonType> types, JsonType found, Node node) {
        if (types.contains(found)) {
            return true;
        }
        return switch (found) {
            case INTEGER -> types.contains(JsonType.NUMBER);
            // 8080.0 is a whole number: the API server decides whether it takes it
            case NUMBER ->
                types.contains(JsonType.INTEGER)
                        && ((ScalarNode) node).getValue().matches("[-+]?\\d+\\.0*");
            default -> false;
        };
    }

    private static String expected(Set<JsonType> types) {
        if (types.contains(JsonType.INTEGER) && types.contains(JsonType.STRING)) {
            return types.contains(JsonType.NUMBER)
                    ? "must be a quantity (a number or a string such as 1Gi)"
                    : "must be a number or a name";
        }
        if (types.contains(JsonType.INTEGER)) {
            return "must be a number";
        }
        if (types.contains(JsonType.NUMBER)) {
            return "must be a number";
        }
        if (types.contains(JsonType.STRING)) {
            return "must be a string";
        }
        if (types.contains(JsonType.BOOLEAN)) {
            return "must be true or false";
        }
        if (types.contains(JsonType.OBJECT)) {
            return "must be a mapping (key: value lines)";
        }
        return "must be a list (lines starting with -)";
    }

    private static String shown(Node node, JsonType found) {
        return switch (found) {
            case OBJECT -> "a mapping";
            case ARRAY -> "a list";
            case STRING ->
                "\"" + ((ScalarNode) node).getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            default -> ((ScalarNode) node).getValue();
        };
    }

    /** The fix for the commonest slips: a number in quotes, or a number or true where text is expected. */
    private static String advice(Set<JsonType> types, JsonType found, Node node) {
        if (found == JsonType.STRING
                && (types.contains(JsonType.INTEGER) || types.contains(JsonType.NUMBER))
                && ((ScalarNode) node).getValue().trim().matches("[-+]?\\d+(\\.\\d+)?")) {
            return " (write the number without quotes)";
        }
        if (types.equals(Set.of(JsonType.STRING))
                && (found == JsonType.INTEGER || found == JsonType.NUMBER || found == JsonType.BOOLEAN)) {
            return " (put it in quotes to make it a string)";
        }
        return "";
    }
}
