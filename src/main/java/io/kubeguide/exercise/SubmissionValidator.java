package io.kubeguide.exercise;

import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.exercise.schema.DidYouMean;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.exercise.spec.KnownKinds;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Checks a learner's YAML before anything reaches a cluster: size, number of documents, safe YAML (few aliases,
 * bounded nesting, standard tags only, no duplicate keys), the Kubernetes object shape, kinds allowed by the exercise
 * (kind, group and version), and the namespace. A {@code kind: List} document (what {@code kubectl get -o yaml}
 * prints) is unpacked into its items, each checked like a document. Every problem comes with the line and column it
 * is about. Returns new values; nothing given to it is changed.
 */
@Component
public class SubmissionValidator {

    public static final int MAX_BYTES = 64 * 1024;
    public static final int MAX_DOCUMENTS = 20;
    static final int MAX_ALIASES = 10;
    static final int MAX_NESTING = 40;
    static final int MAX_NODES = 20_000;

    private static final Set<Tag> STANDARD_TAGS =
            Set.of(Tag.MAP, Tag.SEQ, Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.TIMESTAMP);

    private static final List<String> SERVER_SET_METADATA =
            List.of("resourceVersion", "uid", "creationTimestamp", "managedFields", "generation", "selfLink");

    private static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    /**
     * An object of the submission, ready to apply, with its YAML node tree for mapping errors back to lines.
     *
     * @param item its index in a {@code kind: List} document, or null for an object that is a document of its own
     */
    public record SubmittedObject(
            int document,
            Integer item,
            String apiVersion,
            String kind,
            String name,
            boolean namespaced,
            Map<String, Object> content,
            Node node) {

        public ExerciseSpec.ObjectKey key() {
            return new ExerciseSpec.ObjectKey(kind, name);
        }

        /** Line (1-based) of the object's start. */
        public int line() {
            return node.getStartMark().getLine() + 1;
        }

        /** "document 2" or "document 1, item 3", for messages. */
        public String where() {
            return "document " + document + (item == null ? "" : ", item " + (item + 1));
        }

        /** The same object in {@code namespace} (a copy: this one is left as it is). */
        SubmittedObject inNamespace(String namespace) {
            Map<String, Object> copy = new LinkedHashMap<>(content);
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) content.get("metadata"));
            meta.put("namespace", namespace);
            copy.put("metadata", meta);
            return new SubmittedObject(document, item, apiVersion, kind, name, namespaced, copy, node);
        }
    }

    public record ValidatedSubmission(List<SubmittedObject> objects, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** One object-to-be: a whole document, or one item of a {@code kind: List} document. */
    record Candidate(int document, Integer item, MappingNode node, Map<String, Object> content) {
        String where() {
            return item == null
                    ? "Document " + document + ": "
                    : "Document " + document + ", item " + (item + 1) + ": ";
        }
    }

    /** Checks the YAML without a cluster; {@link #placeIn} then puts the objects into the learner's namespace. */
    public ValidatedSubmission validate(String yaml, ExerciseSpec spec) {
        List<Problem> problems = new ArrayList<>();
        if (yaml == null || yaml.isBlank()) {
            return refused(
                    Problem.general("Your submission is empty: paste or write the YAML of a Kubernetes object."));
        }
        int bytes = yaml.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return refused(Problem.general(
                    String.format("Your YAML is %,d bytes; the limit is %,d bytes (64 KiB).", bytes, MAX_BYTES)));
        }
        LoaderOptions options = loaderOptions();
        Yaml parser = new Yaml(
                new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options);
        List<Node> documents = new ArrayList<>();
        try {
            Iterator<Node> it = parser.composeAll(new StringReader(yaml)).iterator();
            while (it.hasNext()) {
                Node node = it.next();
                if (node == null) {
                    continue;
                }
                if (documents.size() == MAX_DOCUMENTS) {
                    return refused(at(
                            node.getStartMark(),
                            "More than " + MAX_DOCUMENTS + " documents: submit at most " + MAX_DOCUMENTS
                                    + " objects at once."));
                }
                documents.add(node);
            }
        } catch (MarkedYAMLException e) {
            return refused(yamlError(e));
        } catch (YAMLException e) {
            return refused(Problem.general("Your YAML could not be read: " + friendly(e.getMessage())));
        }
        if (documents.isEmpty()) {
            return refused(Problem.general(
                    "Your submission holds no Kubernetes object (only comments or empty " + "documents)."));
        }

        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            Node node = documents.get(i);
            int docNo = i + 1;
            List<Problem> docProblems = new ArrayList<>();
            checkTags(node, docProblems, new IdentityHashMap<>(), new int[] {0});
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
                problems.add(at(
                        node.getStartMark(), "Document " + docNo + " could not be read: " + friendly(e.getMessage())));
                continue;
            }
            if (!(value instanceof Map<?, ?> rawMap) || !(node instanceof MappingNode mapping)) {
                problems.add(at(
                        node.getStartMark(),
                        "Document " + docNo + " is not a Kubernetes object: expected "
                                + "a mapping with apiVersion, kind and metadata."));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> content = (Map<String, Object>) rawMap;
            if (ObjectLists.isList(content)) {
                ObjectLists.unpack(docNo, mapping, content, candidates, problems);
            } else {
                candidates.add(new Candidate(docNo, null, mapping, content));
            }
        }
        if (candidates.isEmpty() && problems.isEmpty()) {
            return refused(Problem.general("Your submission holds no Kubernetes object (only empty Lists)."));
        }
        if (candidates.size() > MAX_DOCUMENTS) {
            Candidate first = candidates.get(MAX_DOCUMENTS);
            return refused(at(
                    first.node().getStartMark(),
                    "More than " + MAX_DOCUMENTS + " objects: submit at most " + MAX_DOCUMENTS + " objects at once."));
        }

        List<SubmittedObject> objects = new ArrayList<>();
        Map<ExerciseSpec.ObjectKey, SubmittedObject> seen = new HashMap<>();
        for (Candidate candidate : candidates) {
            SubmittedObject object = checkObject(candidate, spec, problems);
            if (object != null) {
                SubmittedObject earlier = seen.putIfAbsent(object.key(), object);
                if (earlier != null) {
                    problems.add(at(
                            object.node().getStartMark(),
                            object.kind() + " " + object.name()
                                    + " appears twice (" + earlier.where() + " and " + object.where()
                                    + "); submit each object once."));
                } else {
                    objects.add(object);
                }
            }
        }
        return new ValidatedSubmission(problems.isEmpty() ? objects : List.of(), problems);
    }

    private SubmittedObject checkObject(Candidate candidate, ExerciseSpec spec, List<Problem> problems) {
        int before = problems.size();
        MappingNode node = candidate.node();
        Map<String, Object> content = candidate.content();
        Object apiVersion = content.get("apiVersion");
        Object kind = content.get("kind");
        String where = candidate.where();
        if (!(apiVersion instanceof String av) || av.isBlank()) {
            problems.add(at(node.getStartMark(), where + "apiVersion is missing (e.g. apiVersion: v1)."));
        }
        if (!(kind instanceof String k) || k.isBlank()) {
            problems.add(at(node.getStartMark(), where + "kind is missing (e.g. kind: Service)."));
            return null;
        }
        String kindName = (String) kind;
        boolean clusterScoped = KnownKinds.isClusterScoped(kindName);
        Problem kindProblem =
                apiVersion instanceof String av && !av.isBlank() ? checkKind(node, av, kindName, spec) : null;
        if (kindProblem != null) {
            problems.add(kindProblem);
        }
        Object metadata = content.get("metadata");
        if (!(metadata instanceof Map<?, ?> meta)) {
            problems.add(at(node.getStartMark(), where + "metadata is missing; give at least metadata.name."));
            return null;
        }
        Node metadataNode = NodeLocator.valueNode(node, "metadata");
        Object name = meta.get("name");
        if (!(name instanceof String n) || n.isBlank()) {
            problems.add(at(
                    metadataNode.getStartMark(),
                    where + "metadata.name is missing: every object of this " + "exercise needs a name."));
            return null;
        }
        if (problems.size() > before) {
            return null;
        }
        return new SubmittedObject(
                candidate.document(),
                candidate.item(),
                (String) apiVersion,
                kindName,
                (String) name,
                !clusterScoped,
                withoutServerFields(content, clusterScoped),
                node);
    }

    /**
     * Whether the exercise takes this kind in this apiVersion: kind AND group/version must match, so
     * {@code example.com/v1 Service} or {@code extensions/v1beta1 Deployment} are refused, with the apiVersion to use.
     */
    private static Problem checkKind(MappingNode node, String apiVersion, String kind, ExerciseSpec spec) {
        Node kindNode = NodeLocator.valueNode(node, "kind");
        String allowed = String.join(", ", spec.allow());
        if (!spec.allows(kind)) {
            if (KnownKinds.isClusterScoped(kind)) {
                return at(
                        kindNode.getStartMark(),
                        "kind " + kind + " is cluster-scoped and not part of this "
                                + "exercise; your sandbox is one namespace. Allowed: " + allowed);
            }
            if (!KnownKinds.kinds().contains(kind)) {
                Set<String> known = new LinkedHashSet<>(spec.allow());
                known.addAll(KnownKinds.kinds());
                var meant = DidYouMean.closest(kind, known);
                if (meant.isPresent()) {
                    return at(
                            kindNode.getStartMark(),
                            "kind \"" + kind + "\" is not a Kubernetes kind: did you mean \"" + meant.get()
                                    + "\"? This exercise allows: " + allowed);
                }
            }
            return at(kindNode.getStartMark(), "kind " + kind + " is not part of this exercise; allowed: " + allowed);
        }
        if (KnownKinds.serves(apiVersion, kind)) {
            return null;
        }
        String expected = KnownKinds.apiVersion(kind).orElseThrow();
        Node versionNode = NodeLocator.valueNode(node, "apiVersion");
        String group = KnownKinds.group(apiVersion);
        boolean oldVersion = KnownKinds.version(apiVersion).matches("v\\d+(alpha|beta)\\d*")
                && (group.equals(KnownKinds.group(expected)) || group.equals("extensions"));
        return at(
                versionNode.getStartMark(),
                kind + " is served as apiVersion " + expected + ", not \"" + apiVersion
                        + "\"" + (oldVersion ? " (an old version that Kubernetes no longer serves)" : "")
                        + ": write apiVersion: " + expected);
    }

    /**
     * A copy without what the API server sets and {@code kubectl get -o yaml} prints (resourceVersion, uid,
     * managedFields, status, the last-applied annotation...), so such output can be submitted as it is.
     */
    private static Map<String, Object> withoutServerFields(Map<String, Object> content, boolean clusterScoped) {
        Map<String, Object> copy = new LinkedHashMap<>(content);
        copy.remove("status");
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = new LinkedHashMap<>((Map<String, Object>) content.get("metadata"));
        SERVER_SET_METADATA.forEach(meta::remove);
        if (clusterScoped) {
            meta.remove("namespace");
        }
        if (meta.get("annotations") instanceof Map<?, ?> annotations && annotations.containsKey(LAST_APPLIED)) {
            Map<Object, Object> kept = new LinkedHashMap<>(annotations);
            kept.remove(LAST_APPLIED);
            if (kept.isEmpty()) {
                meta.remove("annotations");
            } else {
                meta.put("annotations", kept);
            }
        }
        copy.put("metadata", meta);
        return copy;
    }

    /**
     * Puts the objects into the sandbox's namespace (no cluster call): a missing {@code metadata.namespace} is set,
     * another namespace is refused. Once the sandbox is known, after {@link #validate}. Returns new objects; the given
     * submission is left as it is.
     */
    public ValidatedSubmission placeIn(ValidatedSubmission submission, String namespace) {
        if (!submission.ok()) {
            return submission;
        }
        List<Problem> problems = new ArrayList<>();
        List<SubmittedObject> placed = new ArrayList<>();
        for (SubmittedObject object : submission.objects()) {
            Placed p = placeIn(object, namespace);
            if (p.problem() != null) {
                problems.add(p.problem());
            } else {
                placed.add(p.object());
            }
        }
        return problems.isEmpty()
                ? new ValidatedSubmission(placed, List.of())
                : new ValidatedSubmission(List.of(), problems);
    }

    private record Placed(SubmittedObject object, Problem problem) {}

    private static Placed placeIn(SubmittedObject object, String namespace) {
        if (!object.namespaced()) {
            return new Placed(object, null);
        }
        Object ns = ((Map<?, ?>) object.content().get("metadata")).get("namespace");
        if (ns != null && !namespace.equals(String.valueOf(ns))) {
            Node nsNode = NodeLocator.valueNode(NodeLocator.valueNode(object.node(), "metadata"), "namespace");
            return new Placed(
                    null,
                    at(
                            nsNode.getStartMark(),
                            "metadata.namespace is '" + ns + "', but you can only " + "work in your sandbox namespace '"
                                    + namespace + "'. Leave metadata.namespace out."));
        }
        return new Placed(object.inNamespace(namespace), null);
    }

    /** Refuses non-standard tags (custom {@code !tags}, {@code !!binary}, merge keys) and counts nodes. */
    private void checkTags(Node node, List<Problem> problems, IdentityHashMap<Node, Boolean> visited, int[] count) {
        if (visited.put(node, Boolean.TRUE) != null) {
            return;
        }
        if (++count[0] > MAX_NODES) {
            if (count[0] == MAX_NODES + 1) {
                problems.add(
                        at(node.getStartMark(), "This document is too large (more than " + MAX_NODES + " values)."));
            }
            return;
        }
        Tag tag = node.getTag();
        if (!STANDARD_TAGS.contains(tag)) {
            String shown = tag.getValue().startsWith(Tag.PREFIX)
                    ? "!!" + tag.getValue().substring(Tag.PREFIX.length())
                    : tag.getValue();
            problems.add(at(
                    node.getStartMark(),
                    tag.equals(Tag.MERGE)
                            ? "Merge keys (<<) are not supported here; write the fields out."
                            : "Tag " + shown + " is not allowed: Kubernetes YAML uses plain values only."));
            return;
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
        if (e.getContext() != null && e.getContext().startsWith("found duplicate key")
                || problem.startsWith("found duplicate key")) {
            problem = "duplicate key" + problem.replaceFirst("^found duplicate key", "");
        }
        problem = friendly(problem);
        if (mark == null) {
            return Problem.general("YAML error: " + problem);
        }
        return new Problem(
                mark.getLine() + 1,
                mark.getColumn() + 1,
                "YAML error at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": " + problem);
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

    /**
     * SafeConstructor that builds one already-composed node tree (so we check tags before constructing), reading
     * timestamps as strings, as Kubernetes does.
     */
    private static final class NodeConstructor extends SafeConstructor {
        NodeConstructor(LoaderOptions options) {
            super(options);
            setAllowDuplicateKeys(false);
            yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }

        Object construct(Node node) {
            Object value = constructDocument(node);
            return value instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : value;
        }
    }
}
