package io.kubeguide.exercise;

import io.kubeguide.exercise.SubmissionValidator.Candidate;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Unpacks what {@code kubectl get -o yaml} prints for several objects, {@code apiVersion: v1, kind: List, items: [...]},
 * and the API's typed lists ({@code kind: ServiceList}, whose items may leave out their kind and apiVersion), into
 * one candidate object per item, each keeping its own YAML node for line numbers.
 */
final class ObjectLists {

    private static final String LIST = "List";

    private ObjectLists() {}

    static boolean isList(Map<String, Object> content) {
        return content.get("kind") instanceof String kind
                && (kind.equals(LIST)
                        || kind.endsWith(LIST) && kind.length() > LIST.length() && content.containsKey("items"));
    }

    static void unpack(
            int document,
            MappingNode list,
            Map<String, Object> content,
            List<Candidate> candidates,
            List<Problem> problems) {
        String listKind = (String) content.get("kind");
        Node itemsNode = NodeLocator.valueNode(list, "items");
        if (!(content.get("items") instanceof List<?> items) || !(itemsNode instanceof SequenceNode sequence)) {
            problems.add(at(
                    itemsNode,
                    "Document " + document + " is a " + listKind + " without items: give "
                            + "items: as a list of objects, or submit the objects as documents separated by ---."));
            return;
        }
        // a ServiceList's items are Services, and the API leaves their kind out
        String itemKind = listKind.equals(LIST) ? null : listKind.substring(0, listKind.length() - LIST.length());
        Object listApiVersion = content.get("apiVersion");
        for (int i = 0; i < items.size(); i++) {
            Node itemNode = sequence.getValue().get(i);
            String where = "Document " + document + ", item " + (i + 1);
            if (!(items.get(i) instanceof Map<?, ?> raw) || !(itemNode instanceof MappingNode mapping)) {
                problems.add(at(
                        itemNode,
                        where + " is not a Kubernetes object: expected a mapping with "
                                + "apiVersion, kind and metadata."));
                continue;
            }
            Map<String, Object> item = new LinkedHashMap<>();
            if (itemKind != null && !raw.containsKey("kind")) {
                item.put("apiVersion", raw.containsKey("apiVersion") ? raw.get("apiVersion") : listApiVersion);
                item.put("kind", itemKind);
            }
            raw.forEach((k, v) -> item.put(String.valueOf(k), v));
            if (isList(item)) {
                problems.add(at(
                        itemNode,
                        where + " is itself a " + item.get("kind") + ": put its items in the " + "outer list."));
                continue;
            }
            candidates.add(new Candidate(document, i, mapping, item));
        }
    }

    private static Problem at(Node node, String message) {
        return new Problem(
                node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1, message);
    }
}
