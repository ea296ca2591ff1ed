package io.kubeguide.exercise.spec;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.kubeguide.exercise.spec.ExerciseSpec.Check;
import io.kubeguide.exercise.spec.ExerciseSpec.EndpointsCondition;
import io.kubeguide.exercise.spec.ExerciseSpec.MountRef;
import io.kubeguide.exercise.spec.ExerciseSpec.ObjectKey;
import io.kubeguide.exercise.spec.ExerciseSpec.Range;
import io.kubeguide.exercise.spec.ExerciseSpec.ResourceRef;
import io.kubeguide.exercise.spec.ExerciseSpec.RightAnswer;
import io.kubeguide.exercise.spec.ExerciseSpec.SelectsCondition;
import io.kubeguide.exercise.spec.ExerciseSpec.ServicePortRef;
import io.kubeguide.exercise.spec.ExerciseSpec.UnchangedCondition;
import io.kubeguide.exercise.spec.ExerciseSpec.WrongAnswer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads an exercise spec strictly: unknown fields, missing required fields, a check without a condition, a
 * {@code wrong[].fails} naming no check, or an id that is not the file name are errors that name the file.
 */
public final class ExerciseSpecParser {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");
    private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    /** A list index in a JSONPath, e.g. {@code ports[0]} or {@code [ 1 ]}; filters and [*] are fine. */
    private static final Pattern POSITIONAL = Pattern.compile("\\[\\s*-?\\d+\\s*(:|\\]|,)");

    private final ObjectMapper mapper = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /** The file's shape; turned into an {@link ExerciseSpec} after checks. */
    private record RawSpec(
            String id,
            String title,
            String lesson,
            String section,
            Integer order,
            String prompt,
            String setup,
            String starter,
            List<String> allow,
            List<RawCheck> checks,
            String solution,
            List<RightAnswer> passes,
            List<WrongAnswer> wrong,
            List<String> serviceTypes) {}

    private record RawCheck(
            String id,
            String expect,
            ResourceRef resource,
            ServicePortRef servicePort,
            String path,
            @JsonProperty("equals") JsonNode equalTo,
            String matches,
            List<JsonNode> oneOf,
            JsonNode contains,
            Range range,
            String as,
            EndpointsCondition endpoints,
            SelectsCondition selects,
            MountRef mount,
            RawUnchanged unchanged,
            String within,
            String hint,
            String section) {}

    private record RawUnchanged(String kind, String name, List<String> fields) {}

    /**
     * @param fileName e.g. {@code services/exercises/services-clusterip.yaml}, used in messages and to check the id
     */
    public ExerciseSpec parse(String fileName, String text) {
        RawSpec raw;
        try {
            raw = mapper.readValue(text, RawSpec.class);
        } catch (UnrecognizedPropertyException e) {
            String where = path(e);
            String parent = where.contains(".") ? where.substring(0, where.lastIndexOf('.')) : "";
            throw new InvalidExerciseSpecException(
                    fileName,
                    SpecLines.of(text).lineOfPath(where).orElse(lineOf(e)),
                    "unknown field '" + e.getPropertyName() + "'" + (parent.isEmpty() ? "" : " in " + parent)
                            + "; known fields: " + new TreeSet<>(e.getKnownPropertyIds()));
        } catch (DatabindException e) {
            throw new InvalidExerciseSpecException(
                    fileName,
                    SpecLines.of(text).lineOfPath(path(e)).orElse(lineOf(e)),
                    e.getOriginalMessage() + " at " + path(e));
        } catch (JacksonException e) {
            throw new InvalidExerciseSpecException(
                    fileName,
                    lineOf(e),
                    "not valid YAML: " + e.getOriginalMessage()
                            + (e.getLocation() != null
                                    ? " (column " + e.getLocation().getColumnNr() + ")"
                                    : ""));
        }
        if (raw == null) {
            throw new InvalidExerciseSpecException(fileName, "the file is empty");
        }
        List<String> errors = new ArrayList<>();
        String baseName = fileName.replaceAll(".*/", "").replaceAll("\\.ya?ml$", "");
        require(errors, raw.id(), "id");
        if (raw.id() != null && !raw.id().equals(baseName)) {
            errors.add("id '" + raw.id() + "' must equal the file name '" + baseName + "'");
        }
        if (raw.id() != null && !ID.matcher(raw.id()).matches()) {
            errors.add("id '" + raw.id() + "' must be lowercase letters, digits and dashes");
        }
        require(errors, raw.title(), "title");
        require(errors, raw.lesson(), "lesson");
        require(errors, raw.section(), "section");
        require(errors, raw.prompt(), "prompt");
        require(errors, raw.solution(), "solution");
        if (raw.allow() == null || raw.allow().isEmpty()) {
            errors.add("allow: list the kinds a learner may submit, e.g. [Service]");
        }
        if (raw.checks() == null || raw.checks().isEmpty()) {
            errors.add("checks: at least one check is required");
        }
        Map<ObjectKey, Map<String, Object>> setup = setupObjects(raw.setup(), errors);
        List<Check> checks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (raw.checks() != null) {
            for (int i = 0; i < raw.checks().size(); i++) {
                RawCheck c = raw.checks().get(i);
                String where = "checks[" + i + "]" + (c.id() != null ? " (" + c.id() + ")" : "");
                checks.add(check(c, where, setup, errors));
                if (c.id() != null && !ids.add(c.id())) {
                    errors.add(where + ": duplicate check id '" + c.id() + "'");
                }
            }
        }
        if (raw.passes() != null) {
            for (int i = 0; i < raw.passes().size(); i++) {
                RightAnswer p = raw.passes().get(i);
                if (p.yaml() == null || p.yaml().isBlank()) {
                    errors.add("passes[" + i + "]: yaml is required");
                }
                if (p.why() == null || p.why().isBlank()) {
                    errors.add("passes[" + i + "]: why is required (how this answer differs from the solution)");
                }
            }
        }
        if (raw.wrong() != null) {
            for (int i = 0; i < raw.wrong().size(); i++) {
                WrongAnswer w = raw.wrong().get(i);
                if (w.yaml() == null || w.yaml().isBlank()) {
                    errors.add("wrong[" + i + "]: yaml is required");
                }
                if (w.fails() == null || w.fails().isEmpty()) {
                    errors.add("wrong[" + i + "]: fails must name at least one check");
                }
                for (String f : w.fails()) {
                    if (!ids.contains(f)) {
                        errors.add("wrong[" + i + "]: fails names '" + f + "', which is not a check id " + ids);
                    }
                }
            }
        }
        if (raw.serviceTypes() != null && !Set.of("NodePort", "LoadBalancer").containsAll(raw.serviceTypes())) {
            errors.add("serviceTypes: only NodePort and LoadBalancer (ClusterIP and ExternalName are always allowed), "
                    + "not " + raw.serviceTypes());
        }
        if (!errors.isEmpty()) {
            SpecLines lines = SpecLines.of(text);
            List<Integer> at = errors.stream().map(lines::lineOf).toList();
            List<String> located = new ArrayList<>();
            for (int i = 0; i < errors.size(); i++) {
                located.add((at.get(i) != null ? "line " + at.get(i) + ": " : "") + errors.get(i));
            }
            Integer first = at.stream().filter(Objects::nonNull).findFirst().orElse(null);
            throw new InvalidExerciseSpecException(fileName, first, String.join("; ", located));
        }
        return new ExerciseSpec(
                raw.id(),
                raw.title(),
                raw.lesson(),
                raw.section(),
                raw.order() == null ? 0 : raw.order(),
                raw.prompt(),
                raw.setup() == null ? "" : raw.setup(),
                raw.starter() == null ? "" : raw.starter(),
                raw.allow(),
                checks,
                raw.solution(),
                raw.passes(),
                raw.wrong(),
                setup.keySet(),
                raw.serviceTypes() == null ? Set.of() : Set.copyOf(raw.serviceTypes()));
    }

    private static Check check(
            RawCheck c, String where, Map<ObjectKey, Map<String, Object>> setup, List<String> errors) {
        if (c.id() == null || c.id().isBlank()) {
            errors.add(where + ": id is required");
        }
        if (c.expect() == null || c.expect().isBlank()) {
            errors.add(where + ": expect is required (what the learner reads)");
        }
        int conditions = (c.resource() != null ? 1 : 0)
                + (c.servicePort() != null ? 1 : 0)
                + (c.endpoints() != null ? 1 : 0)
                + (c.selects() != null ? 1 : 0)
                + (c.mount() != null ? 1 : 0)
                + (c.unchanged() != null ? 1 : 0);
        if (conditions != 1) {
            errors.add(where + ": give exactly one of resource (exists, or with path), servicePort, endpoints, "
                    + "selects, mount, unchanged");
        }
        int predicates = (c.equalTo() != null ? 1 : 0)
                + (c.matches() != null ? 1 : 0)
                + (c.oneOf() != null ? 1 : 0)
                + (c.contains() != null ? 1 : 0)
                + (c.range() != null ? 1 : 0);
        if (c.path() != null) {
            if (c.resource() == null && c.servicePort() == null) {
                errors.add(where + ": path needs a resource or a servicePort to read");
            }
            if (predicates != 1) {
                errors.add(where + ": path needs exactly one of equals, matches, oneOf, contains, range");
            }
            if (!c.path().startsWith("$")) {
                errors.add(where + ": path must be a JSONPath starting with $");
            }
            if (POSITIONAL.matcher(c.path()).find()) {
                errors.add(where + ": path " + c.path() + " names a list item by its position, which depends on "
                        + "how the learner ordered the list; name it by what it is: servicePort: {service, port}, "
                        + "mount: {pod, path}, a filter such as [?(@.name == 'data')], or contains: for a list of "
                        + "values");
            }
        } else if (predicates > 0) {
            errors.add(where + ": equals/matches/oneOf/contains/range need a path");
        }
        if (c.range() != null) {
            if (c.range().min() == null && c.range().max() == null) {
                errors.add(where + ": range needs min, max or both");
            }
            for (Object bound : Arrays.asList(c.range().min(), c.range().max())) {
                if (bound != null && ExerciseSpec.Range.amount(bound) == null) {
                    errors.add(where + ": range bound '" + bound + "' is neither a number nor a quantity such as 1Gi");
                }
            }
        }
        if (c.as() != null && !ExerciseSpec.COMPARISONS.contains(c.as())) {
            errors.add(where + ": as must be one of " + ExerciseSpec.COMPARISONS);
        }
        if (c.matches() != null) {
            try {
                Pattern.compile(c.matches());
            } catch (PatternSyntaxException e) {
                errors.add(where + ": matches is not a valid regular expression: " + e.getDescription());
            }
        }
        Object equalTo = scalar(c.equalTo(), where + ": equals", errors);
        Object contains = scalar(c.contains(), where + ": contains", errors);
        List<Object> oneOf = c.oneOf() == null
                ? null
                : c.oneOf().stream()
                        .map(v -> scalar(v, where + ": oneOf", errors))
                        .toList();
        if (c.resource() != null && (c.resource().kind() == null || c.resource().name() == null)) {
            errors.add(where + ": resource needs kind and name");
        }
        if (c.servicePort() != null) {
            ServicePortRef sp = c.servicePort();
            if (sp.service() == null || (sp.port() == null) == (sp.name() == null)) {
                errors.add(where + ": servicePort needs service and one of port or name");
            }
            checkProtocol(sp.protocol(), where + ": servicePort", errors);
        }
        if (c.endpoints() != null) {
            EndpointsCondition e = c.endpoints();
            if (e.service() == null || e.servicePort() == null || e.containerPort() == null || e.ready() == null) {
                errors.add(where + ": endpoints needs service, servicePort, containerPort and ready");
            }
            checkProtocol(e.protocol(), where + ": endpoints", errors);
        }
        if (c.selects() != null
                && (c.selects().service() == null
                        || c.selects().workload() == null
                        || c.selects().workload().kind() == null
                        || c.selects().workload().name() == null)) {
            errors.add(where + ": selects needs service and workload {kind, name}");
        }
        if (c.mount() != null && (c.mount().pod() == null || c.mount().path() == null)) {
            errors.add(where + ": mount needs pod and path");
        }
        UnchangedCondition unchanged = c.unchanged() == null ? null : unchanged(c.unchanged(), where, setup, errors);
        return new Check(
                c.id(),
                c.expect(),
                c.resource(),
                c.servicePort(),
                c.path(),
                equalTo,
                c.matches(),
                oneOf,
                contains,
                c.range(),
                c.as(),
                c.endpoints(),
                c.selects(),
                c.mount(),
                unchanged,
                within(c.within(), where, errors),
                c.hint(),
                c.section());
    }

    /** The setup's values of the fields an {@code unchanged} check guards; each must be set by the setup. */
    private static UnchangedCondition unchanged(
            RawUnchanged u, String where, Map<ObjectKey, Map<String, Object>> setup, List<String> errors) {
        if (u.kind() == null
                || u.name() == null
                || u.fields() == null
                || u.fields().isEmpty()) {
            errors.add(where + ": unchanged needs kind, name and fields");
            return null;
        }
        Map<String, Object> object = setup.get(new ObjectKey(u.kind(), u.name()));
        if (object == null) {
            errors.add(where + ": unchanged names " + u.kind() + "/" + u.name() + ", which the setup does not create");
            return null;
        }
        Map<String, Object> expected = new LinkedHashMap<>();
        for (String field : u.fields()) {
            Object value = object;
            for (String key : field.split("\\.")) {
                value = value instanceof Map<?, ?> m ? m.get(key) : null;
            }
            if (value == null) {
                errors.add(where + ": unchanged field " + field + " is not set by the setup; write it out in the "
                        + "setup so the learner sees what must stay");
            } else {
                expected.put(field, value);
            }
        }
        return new UnchangedCondition(u.kind(), u.name(), u.fields(), expected);
    }

    private static void checkProtocol(String protocol, String where, List<String> errors) {
        if (protocol != null && !Set.of("TCP", "UDP", "SCTP").contains(protocol)) {
            errors.add(where + ": protocol must be TCP, UDP or SCTP");
        }
    }

    /** A YAML scalar as a Java value of the same type: String, BigDecimal or Boolean. */
    private static Object scalar(JsonNode node, String where, List<String> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isString()) {
            return node.stringValue();
        }
        errors.add(where + " takes a single value (a string, number or boolean), not " + node.getNodeType());
        return null;
    }

    private static Duration within(String text, String where, List<String> errors) {
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            errors.add(where + ": within '" + text + "' must look like 500ms, 20s or 2m");
            return null;
        }
        long n = Long.parseLong(m.group(1));
        Duration within = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
        if (within.compareTo(Duration.ofMinutes(5)) > 0) {
            errors.add(where + ": within is at most 5m");
        }
        return within;
    }

    /** The setup's objects by kind and name, as plain maps. */
    private static Map<ObjectKey, Map<String, Object>> setupObjects(String setup, List<String> errors) {
        Map<ObjectKey, Map<String, Object>> objects = new LinkedHashMap<>();
        if (setup == null || setup.isBlank()) {
            return objects;
        }
        try {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(setup)) {
                if (doc instanceof Map<?, ?> map
                        && map.get("kind") != null
                        && map.get("metadata") instanceof Map<?, ?> meta
                        && meta.get("name") != null) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> object = (Map<String, Object>) map;
                    objects.put(
                            new ObjectKey(
                                    map.get("kind").toString(), meta.get("name").toString()),
                            object);
                } else if (doc != null) {
                    errors.add("setup: every document needs kind and metadata.name");
                }
            }
        } catch (RuntimeException e) {
            errors.add("setup is not valid YAML: " + e.getMessage());
        }
        return objects;
    }

    private static void require(List<String> errors, String value, String field) {
        if (value == null || value.isBlank()) {
            errors.add(field + " is required");
        }
    }

    private static Integer lineOf(JacksonException e) {
        return e.getLocation() != null && e.getLocation().getLineNr() > 0
                ? e.getLocation().getLineNr()
                : null;
    }

    private static String path(JacksonException e) {
        StringBuilder sb = new StringBuilder();
        for (JacksonException.Reference ref : e.getPath()) {
            if (ref.getPropertyName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "top level" : sb.toString();
    }
}
