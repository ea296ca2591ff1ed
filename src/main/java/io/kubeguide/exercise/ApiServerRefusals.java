package io.kubeguide.exercise;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubeguide.exercise.SubmissionValidator.SubmittedObject;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The API server's refusals in words, on the line and column of the field they are about: the causes of a 422,
 * strict field validation ({@code unknown field "spec.selctor"}), and the 500 of a server-side apply whose patch
 * cannot be built ({@code .spec.ports[0].port: expected numeric (int or float), got string}). Also tells which
 * refusals are about fields that cannot change in place, and which errors may go away when the call is repeated.
 */
final class ApiServerRefusals {

    private static final Pattern UNKNOWN_FIELD = Pattern.compile("unknown field \"([^\"]+)\"");
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("duplicate field \"([^\"]+)\"");
    /** One error of structured-merge-diff (server-side apply): {@code .spec.ports[0].port: expected ..., got ...}. */
    private static final Pattern TYPED_PATCH_ERROR = Pattern.compile(
            "(?:^|[\\s:])(\\.[A-Za-z0-9_$][^\\s:]*(?:\\[[^]]*][^\\s:]*)*):\\s*([^\\n]+?)(?=\\s+\\.[A-Za-z]|$|\\n)");

    private static final Pattern EXPECTED_TYPE = Pattern.compile("expected (\\w+)(?: \\([^)]*\\))?, got (.+)");
    /** How the API server says that a field cannot change once the object exists. */
    private static final Pattern IMMUTABLE = Pattern.compile("(?i)immutable|may not change|may not be changed"
            + "|cannot be changed|can not be changed|may not be updated|updates to .+ are forbidden"
            + "|can not be less than (?:previous value|status\\.capacity)|pod updates may not change fields");

    /** The admission plugin's refusal to grow a bound claim whose class cannot expand volumes (a 403). */
    private static final Pattern CANNOT_EXPAND =
            Pattern.compile("only dynamically provisioned pvc can be resized|Only bound persistent volume claims");

    /** A refusal of the sandbox's admission policy: {@code ... denied request: <the policy's words>}. */
    private static final Pattern FENCE = Pattern.compile(
            "ValidatingAdmissionPolicy '[^']*' with binding '[^']*' denied request: (.+)", Pattern.DOTALL);

    private static final Pattern REFUSED_IMAGES = Pattern.compile("images? (.+?) (?:is|are) not allowed");
    private static final Pattern LEADING_FIELD = Pattern.compile("(?:volume [^:]+: )?([A-Za-z]+)(?::| is| are)");

    private ApiServerRefusals() {}

    /** The API server's answer, as problems pointing at the YAML lines they are about. */
    static List<Problem> problems(SubmittedObject object, KubernetesClientException e) {
        String what = object.kind() + " " + object.name();
        Status status = e.getStatus();
        List<Problem> problems = new ArrayList<>();
        String statusMessage = status != null && status.getMessage() != null ? status.getMessage() : e.getMessage();
        for (StatusCause cause : causes(e)) {
            String field = cause.getField();
            String message = cause.getMessage() != null ? cause.getMessage() : cause.getReason();
            if (field == null || field.isBlank()) {
                Matcher m = UNKNOWN_FIELD.matcher(message == null ? "" : message);
                if (m.find()) {
                    problems.add(unknownField(object, what, m.group(1)));
                    continue;
                }
            }
            problems.add(problem(object, what, field, message));
        }
        if (!problems.isEmpty()) {
            return problems;
        }
        String message = clean(statusMessage);
        Matcher unknown = UNKNOWN_FIELD.matcher(message);
        while (unknown.find()) {
            problems.add(unknownField(object, what, unknown.group(1)));
        }
        if (problems.isEmpty() && message.contains("failed to create typed patch object")) {
            Matcher typed = TYPED_PATCH_ERROR.matcher(message.substring(message.indexOf(')') + 1));
            while (typed.find()) {
                problems.add(typedPatchError(object, what, typed.group(1), typed.group(2)));
            }
        }
        Matcher fence = FENCE.matcher(message);
        if (problems.isEmpty() && fence.find()) {
            String words = fence.group(1);
            Node node = mentioned(object.node(), words);
            int line = node.getStartMark().getLine() + 1;
            problems.add(at(node, what + " (line " + line + "): the sandbox does not allow it: " + words));
        }
        if (problems.isEmpty()) {
            Matcher duplicate = DUPLICATE_FIELD.matcher(message);
            String field = duplicate.find() ? duplicate.group(1) : null;
            problems.add(problem(
                    object,
                    what,
                    field,
                    e.getCode() == 403
                            ? "refused by the API server: " + message
                            : e.getCode() <= 0 ? "could not be sent to the API server: " + message : message));
        }
        return problems;
    }

    /**
     * The fields named when the API server refused an update only because they cannot change in place (a PVC's
     * spec or, once bound, its size; a Deployment's selector, a Service's clusterIP...); empty when any reason is of
     * another sort.
     */
    static Optional<Set<String>> immutableFields(KubernetesClientException e) {
        if (e.getCode() == 403) {
            String message = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
            return message != null && CANNOT_EXPAND.matcher(message).find()
                    ? Optional.of(Set.of("spec.resources.requests.storage"))
                    : Optional.empty();
        }
        if (e.getCode() != 422) {
            return Optional.empty();
        }
        Set<String> fields = new LinkedHashSet<>();
        List<StatusCause> causes = causes(e);
        if (causes.isEmpty()) {
            String message = e.getStatus() != null ? e.getStatus().getMessage() : e.getMessage();
            return message != null && IMMUTABLE.matcher(message).find()
                    ? Optional.of(Set.of("spec"))
                    : Optional.empty();
        }
        for (StatusCause cause : causes) {
            if (cause.getMessage() == null
                    || !IMMUTABLE.matcher(cause.getMessage()).find()) {
                return Optional.empty();
            }
            String field = cause.getField() == null || cause.getField().isBlank()
                    ? "spec"
                    : cause.getField().replaceFirst("^\\.", "").replaceAll("\\[[^]]*]", "");
            fields.add(field);
        }
        fields.removeIf(field -> fields.stream().anyMatch(parent -> field.startsWith(parent + ".")));
        return Optional.of(fields);
    }

    /** Whether the same call may succeed when repeated: no answer, throttled, or the server briefly unavailable. */
    static boolean isTransient(KubernetesClientException e) {
        int code = e.getCode();
        if (code == 429 || code == 502 || code == 503 || code == 504) {
            return true;
        }
        if (code > 0) {
            return false; // the API server answered: the same request gets the same answer
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static List<StatusCause> causes(KubernetesClientException e) {
        Status status = e.getStatus();
        return status != null
                        && status.getDetails() != null
                        && status.getDetails().getCauses() != null
                ? status.getDetails().getCauses()
                : List.of();
    }

    private static Problem unknownField(SubmittedObject object, String what, String field) {
        String path = field.replaceFirst("^\\.", "");
        Node node = NodeLocator.fieldNode(object.node(), path);
        int line = node.getStartMark().getLine() + 1;
        return at(node, what + ": unknown field \"" + path + "\" (line " + line + ")");
    }

    /** {@code expected numeric (int or float), got string} in the words the schema check uses. */
    private static Problem typedPatchError(SubmittedObject object, String what, String field, String message) {
        String path = field.replaceFirst("^\\.", "");
        Node node = NodeLocator.fieldNode(object.node(), path);
        Node value = NodeLocator.find(object.node(), path);
        int line = node.getStartMark().getLine() + 1;
        if (message.contains("field not declared in schema")) {
            return at(node, what + ": unknown field \"" + path + "\" (line " + line + ")");
        }
        Matcher expected = EXPECTED_TYPE.matcher(message);
        if (expected.find()) {
            String words = switch (expected.group(1)) {
                case "numeric", "int", "float", "integer" -> "must be a number";
                case "string" -> "must be a string";
                case "boolean", "bool" -> "must be true or false";
                case "map" -> "must be a mapping (key: value lines)";
                case "list" -> "must be a list (lines starting with -)";
                default -> "must be a " + expected.group(1);
            };
            return at(node, what + ": " + path + ": " + words + ", got " + shown(value) + " (line " + line + ")");
        }
        return at(node, what + ": " + path + " (line " + line + "): " + message);
    }

    /**
     * The node the policy's words are about, so the refusal sits on its line: the {@code image:} of a refused image,
     * else the first key named like the field the words start with ({@code hostNetwork: true is not allowed},
     * {@code volume data: hostPath is not allowed}, {@code type: NodePort ...}); else the object itself.
     */
    static Node mentioned(Node root, String words) {
        Matcher images = REFUSED_IMAGES.matcher(words);
        if (images.lookingAt()) {
            Set<String> refused = Set.of(images.group(1).split(", "));
            return first(
                            root,
                            (key, value) -> key.equals("image")
                                            && value instanceof ScalarNode v
                                            && refused.contains(v.getValue())
                                    ? value
                                    : null)
                    .orElse(root);
        }
        Matcher field = LEADING_FIELD.matcher(words);
        if (field.lookingAt()) {
            String name = field.group(1);
            return first(root, (key, value) -> key.equals(name) ? value : null).orElse(root);
        }
        return root;
    }

    /** The first node, in document order, that {@code pick} returns for a key and its value. */
    private static Optional<Node> first(Node node, BiFunction<String, Node, Node> pick) {
        if (node instanceof MappingNode m) {
            for (var tuple : m.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode key) {
                    Node picked = pick.apply(key.getValue(), tuple.getValueNode());
                    if (picked != null) {
                        return Optional.of(key.getValue().equals("image") ? picked : tuple.getKeyNode());
                    }
                }
                Optional<Node> inner = first(tuple.getValueNode(), pick);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (node instanceof SequenceNode seq) {
            for (Node item : seq.getValue()) {
                Optional<Node> inner = first(item, pick);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static String shown(Node value) {
        if (value instanceof ScalarNode scalar) {
            return Tag.STR.equals(scalar.getTag()) ? "\"" + scalar.getValue() + "\"" : scalar.getValue();
        }
        return value instanceof SequenceNode ? "a list" : "a mapping";
    }

    private static Problem problem(SubmittedObject object, String what, String field, String message) {
        String path = field == null ? null : field.replaceFirst("^\\.", "");
        Node node = path == null ? object.node() : NodeLocator.fieldNode(object.node(), path);
        int line = node.getStartMark().getLine() + 1;
        return at(node, what + (path != null ? ", " + path : "") + " (line " + line + "): " + message);
    }

    private static Problem at(Node node, String text) {
        Mark mark = node.getStartMark();
        return new Problem(mark.getLine() + 1, mark.getColumn() + 1, text);
    }

    /** Drops fabric8's request prefix ("Failure executing: PATCH at: https://...") from a message. */
    static String clean(String message) {
        if (message == null) {
            return "unknown error";
        }
        String m = message.replaceFirst("(?s)^Failure executing: \\S+ at: \\S+\\. Message: ", "");
        int received = m.indexOf(". Received status: ");
        return received > 0 ? m.substring(0, received) : m;
    }
}
