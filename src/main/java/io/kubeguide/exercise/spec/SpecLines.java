package io.kubeguide.exercise.spec;

import java.io.StringReader;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where a spec's problem stands: the parser words a problem from the field it is about ({@code checks[2] (bound):
 * ...}, {@code wrong[1]: ...}, {@code serviceTypes: ...}), and this finds that field's line in the author's file.
 */
public final class SpecLines {

    /** The field a problem starts with: a top-level key, maybe with a list index. */
    private static final Pattern FIELD = Pattern.compile("^[A-Za-z]+(?:\\[\\d+])?");
    /** One step of a path such as {@code checks[2].resource.kind}. */
    private static final Pattern STEP = Pattern.compile("([A-Za-z]+)|\\[(\\d+)]");

    private final Node root;

    private SpecLines(Node root) {
        this.root = root;
    }

    public static SpecLines of(String text) {
        try {
            return new SpecLines(new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text)));
        } catch (RuntimeException e) {
            return new SpecLines(null); // the text was read already; a second reading that fails costs the lines
        }
    }

    /** The 1-based line of the field the problem names, or null (a field that is missing has no line). */
    public Integer lineOf(String problem) {
        Matcher m = FIELD.matcher(problem);
        return m.find() ? lineOfPath(m.group()).orElse(null) : null;
    }

    /** The line of the deepest node of {@code path} (e.g. {@code checks[2].colour}) that the file has. */
    Optional<Integer> lineOfPath(String path) {
        Node node = root;
        Node found = null;
        Matcher m = STEP.matcher(path);
        while (node != null && m.find()) {
            Node next = null;
            if (m.group(1) != null && node instanceof MappingNode mapping) {
                for (NodeTuple t : mapping.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode key
                            && key.getValue().equals(m.group(1))) {
                        found = t.getKeyNode();
                        next = t.getValueNode();
                    }
                }
            } else if (m.group(2) != null && node instanceof SequenceNode list) {
                int i = Integer.parseInt(m.group(2));
                next = i < list.getValue().size() ? list.getValue().get(i) : null;
                found = next != null ? next : found;
            }
            node = next;
        }
        return Optional.ofNullable(found).map(n -> n.getStartMark().getLine() + 1);
    }
}
