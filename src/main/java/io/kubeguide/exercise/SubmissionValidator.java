package io.kubeguide.exercise;

import io.kubeguide.exercise.grading.GradeReport.Problem;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a learner's YAML before anything reaches a cluster: size, number of documents, safe YAML (few aliases,
 * bounded nesting, standard tags only, no duplicate keys), the Kubernetes object shape, kinds allowed by the exercise
 * and the namespace. Every problem comes with the line and column it is about.
 */
@Component
public class SubmissionValidator {

    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_DOCUMENTS = 20;
    static final int MAX_ALIASES = 10;
    static final int MAX_NESTING = 40;
    static final int MAX_NODES = 20_000;

    private static final Set<Tag> STANDARD_TAGS = Set.of(Tag.MAP, Tag.SEQ, Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL,
            Tag.NULL, Tag.TIMESTAMP);

    /** Kinds of the built-in API that are not namespaced. */
    static final Set<String> CLUSTER_SCOPED_KINDS = Set.of("Namespace", "Node", "PersistentVolume",
            "ClusterRole", "ClusterRoleBinding", "StorageClass", "CSIDriver", "CSINode", "VolumeAttachment",
            "CustomResourceDefinition", "APIService", "PriorityClass", "RuntimeClass", "IngressClass",
            "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "ValidatingAdmissionPolicy",
            "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
            "CertificateSigningRequest", "FlowSchema", "PriorityLevelConfiguration", "ComponentStatus",
            "TokenReview", "SubjectAccessReview", "SelfSubjectAccessReview", "SelfSubjectRulesReview",
            "SelfSubjectReview", "ClusterTrustBundle", "DeviceClass", "ResourceSlice", "IPAddress", "ServiceCIDR",
            "StorageVersionMigration", "VolumeAttributesClass");

    private static final List<String> SERVER_SET_METADATA = List.of("resourceVersion", "uid", "creationTimestamp",
            "managedFields", "generation", "selfLink");

    /** An object of the submission, ready to apply, with its YAML node tree for mapping errors back to lines. */
    public record SubmittedObject(int document, String apiVersion, String kind, String name, boolean namespaced,
                                  Map<String, Object> content, Node node) {

        public ExerciseSpec.ObjectKey key() {
            return new ExerciseSpec.ObjectKey(kind, name);
        }

        /** Line (1-based) of the document's start. */
        public int line() {
            return node.getStartMark().getLine() + 1;
        }
    }

    public record ValidatedSubmission(List<SubmittedObject> objects, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /**
     * @param namespace the sandbox namespace, or null to check everything else first (then {@link #placeIn})
     */
    public ValidatedSubmission validate(String yaml, ExerciseSpec spec, String namespace) {
        List<Problem> problems = new ArrayList<>();
        if (yaml == null || yaml.isBlank()) {
            return refused(Problem.general("Your submission is empty: paste or write the YAML of a Kubernetes object."));
        }
        int bytes = yaml.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return refused(Problem.general(String.format("Your YAML is %,d bytes; the limit is %,d bytes (64 KiB).",
                    bytes, MAX_BYTES)));
        }
        LoaderOptions options = loaderOptions();
        Yaml parser = new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()),
                new DumperOptions(), options);
        List<Node> documents = new ArrayList<>();
        try {
            Iterator<Node> it = parser.composeAll(new StringReader(yaml)).iterator();
            while (it.hasNext()) {
                Node node = it.next();
                if (node == null) {
                    continue;
                }
                if (documents.size() == MAX_DOCUMENTS) {
                    return refused(at(node.getStartMark(), "More than " + MAX_DOCUMENTS
                            + " documents: submit at most " + MAX_DOCUMENTS + " objects at once."));
                }
                documents.add(node);
            }
        } catch (MarkedYAMLException e) {
            return refused(yamlError(e));
        } catch (YAMLException e) {
            return refused(Problem.general("Your YAML could not be read: " + friendly(e.getMessage())));
        }
        if (documents.isEmpty()) {
            return refused(Problem.general("Your submission holds no Kubernetes object (only comments or empty "
                    + "documents)."));
        }

        List<SubmittedObject> objects = new ArrayList<>();
        Map<ExerciseSpec.ObjectKey, Integer> seen = new HashMap<>();
        for (int i = 0; i < documents.size(); i++) {
            Node node = documents.get(i);
            int docNo = i + 1;
            List<Problem> docProblems = new ArrayList<>();
            checkTags(node, docProblems, new IdentityHashMap<>(), new int[]{0});
            if (!docProblems.isEmpty()) {
                problems.addAll(docProblems);
                continue;
            }
            Object value;
            try {
                value = new NodeConstructor(options).construct(node);
            } catch (MarkedYAMLException e) {
                problems.add(yamlError(e));
                continue;
            } catch (YAMLException e) {
                problems.add(at(node.getStartMark(), "Document " + docNo + " could not be read: "
                        + friendly(e.getMessage())));
                continue;
            }
            if (!(value instanceof Map<?, ?> rawMap) || !(node instanceof MappingNode mapping)) {
                problems.add(at(node.getStartMark(), "Document " + docNo + " is not a Kubernetes object: expected "
                        + "a mapping with apiVersion, kind and metadata."));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> content = (Map<String, Object>) rawMap;
            SubmittedObject object = checkObject(docNo, mapping, content, spec, namespace, problems);
            if (object != null) {
                Integer earlier = seen.putIfAbsent(object.key(), docNo);
                if (earlier != null) {
                    problems.add(at(node.getStartMark(), object.kind() + " " + object.name()
                            + " appears twice (documents " + earlier + " and " + docNo + "); submit each object once."));
                } else {
                    objects.add(object);
                }
            }
        }
        return new ValidatedSubmission(problems.isEmpty() ? objects : List.of(), problems);
    }

    private SubmittedObject checkObject(int docNo, MappingNode node, Map<String, Object> content, ExerciseSpec spec,
                                        String namespace, List<Problem> problems) {
        int before = problems.size();
        Object apiVersion = content.get("apiVersion");
        Object kind = content.get("kind");
        String where = "Document " + docNo + ": ";
        if (!(apiVersion instanceof String av) || av.isBlank()) {
            problems.add(at(node.getStartMark(), where + "apiVersion is missing (e.g. apiVersion: v1)."));
        }
        if (!(kind instanceof String k) || k.isBlank()) {
            problems.add(at(node.getStartMark(), where + "kind is missing (e.g. kind: Service)."));
            return null;
        }
        Node kindNode = NodeLocator.valueNode(node, "kind");
        String kindName = (String) kind;
        boolean clusterScoped = CLUSTER_SCOPED_KINDS.contains(kindName);
        if (!spec.allows(kindName)) {
            String allowed = String.join(", ", spec.allow());
            problems.add(at(kindNode.getStartMark(), clusterScoped
                    ? "kind " + kindName + " is cluster-scoped and not part of this exercise; your sandbox is one "
                    + "namespace. Allowed: " + allowed
                    : "kind " + kindName + " is not part of this exercise; allowed: " + allowed));
        }
        Object metadata = content.get("metadata");
        if (!(metadata instanceof Map<?, ?> meta)) {
            problems.add(at(node.getStartMark(), where + "metadata is missing; give at least metadata.name."));
            return null;
        }
        Node metadataNode = NodeLocator.valueNode(node, "metadata");
        Object name = meta.get("name");
        if (!(name instanceof String n) || n.isBlank()) {
            problems.add(at(metadataNode.getStartMark(), where + "metadata.name is missing: every object of this "
                    + "exercise needs a name."));
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> metaMap = (Map<String, Object>) meta;
        if (clusterScoped) {
            metaMap.remove("namespace");
        }
        SERVER_SET_METADATA.forEach(metaMap::remove);
        content.remove("status");
        if (problems.size() > before) {
            return null;
        }
        SubmittedObject object = new SubmittedObject(docNo, (String) apiVersion, kindName, (String) name,
                !clusterScoped, content, node);
        if (namespace != null) {
            Problem p = placeIn(object, namespace);
            if (p != null) {
                problems.add(p);
                return null;
            }
        }
        return object;
    }

    /**
     * Puts the objects into the sandbox's namespace (no cluster call): a missing {@code metadata.namespace} is set,
     * another namespace is refused. For {@link #validate} called without a namespace, once the sandbox is known.
     */
    public ValidatedSubmission placeIn(ValidatedSubmission submission, String namespace) {
        if (!submission.ok()) {
            return submission;
        }
        List<Problem> problems = new ArrayList<>();
        for (SubmittedObject object : submission.objects()) {
            Problem p = placeIn(object, namespace);
            if (p != null) {
                problems.add(p);
            }
        }
        return problems.isEmpty() ? submission : new ValidatedSubmission(List.of(), problems);
    }

    private static Problem placeIn(SubmittedObject object, String namespace) {
        if (!object.namespaced()) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) object.content().get("metadata");
        Object ns = meta.get("namespace");
        if (ns != null && !namespace.equals(String.valueOf(ns))) {
            Node nsNode = NodeLocator.valueNode(NodeLocator.valueNode(object.node(), "metadata"), "namespace");
            return at(nsNode.getStartMark(), "metadata.namespace is '" + ns + "', but you can only work in "
                    + "your sandbox namespace '" + namespace + "'. Leave metadata.namespace out.");
        }
        meta.put("namespace", namespace);
        return null;
    }

    /** Refuses non-standard tags (custom {@code !tags}, {@code !!binary}, merge keys) and counts nodes. */
    private void checkTags(Node node, List<Problem> problems, IdentityHashMap<Node, Boolean> visited, int[] count) {
        if (visited.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (++count[0] > MAX_NODES) {
            if (count[0] == MAX_NODES + 1) {
                problems.add(at(node.getStartMark(), "This document is too large (more than " + MAX_NODES
                        + " values)."));
            }
            return;
        }
        Tag tag = node.getTag();
        if (!STANDARD_TAGS.contains(tag)) {
            String shown = tag.getValue().startsWith(Tag.PREFIX) ? "!!" + tag.getValue().substring(Tag.PREFIX.length())
                    : tag.getValue();
            problems.add(at(node.getStartMark(), tag.equals(Tag.MERGE)
                    ? "Merge keys (<<) are not supported here; write the fields out."
                    : "Tag " + shown + " is not allowed: Kubernetes YAML uses plain values only."));
            return;
        }
        if (Tag.TIMESTAMP.equals(tag)) {
            node.setTag(Tag.STR); // Kubernetes reads timestamps as strings, so do we
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                checkTags(t.getKeyNode(), problems, visited, count);
                checkTags(t.getValueNode(), problems, visited, count);
            }
        } else if (node instanceof SequenceNode s) {
            for (Node child : s.getValue()) {
                checkTags(child, problems, visited, count);
            }
        }
    }

    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_BYTES);
        options.setProcessComments(false);
        return options;
    }

    private static Problem yamlError(MarkedYAMLException e) {
        Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String problem = e.getProblem() != null ? e.getProblem() : friendly(e.getMessage());
        if (e.getContext() != null && e.getContext().startsWith("found duplicate key") || problem.startsWith(
                "found duplicate key")) {
            problem = "duplicate key" + problem.replaceFirst("^found duplicate key", "");
        }
        problem = friendly(problem);
        if (mark == null) {
            return Problem.general("YAML error: " + problem);
        }
        return new Problem(mark.getLine() + 1, mark.getColumn() + 1, "YAML error at line " + (mark.getLine() + 1)
                + ", column " + (mark.getColumn() + 1) + ": " + problem);
    }

    private static String friendly(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        if (message.contains("Number of aliases for non-scalar nodes exceeds")) {
            return "too many aliases (*refs): at most " + MAX_ALIASES + " are allowed.";
        }
        if (message.contains("Nesting Depth exceeded")) {
            return "the YAML is nested too deeply (more than " + MAX_NESTING + " levels).";
        }
        if (message.contains("exceeds the limit")) {
            return "the YAML is too large.";
        }
        return message.lines().findFirst().orElse(message).trim();
    }

    private static Problem at(Mark mark, String message) {
        return new Problem(mark.getLine() + 1, mark.getColumn() + 1, message);
    }

    private static ValidatedSubmission refused(Problem problem) {
        return new ValidatedSubmission(List.of(), List.of(problem));
    }

    /** SafeConstructor that builds one already-composed node tree (so we check tags before constructing). */
    private static final class NodeConstructor extends SafeConstructor {
        NodeConstructor(LoaderOptions options) {
            super(options);
            setAllowDuplicateKeys(false);
        }

        Object construct(Node node) {
            Object value = constructDocument(node);
            return value instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : value;
        }
    }
}
