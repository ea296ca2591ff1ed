package io.kubeguide.exercise;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubeguide.exercise.ExerciseSpec.Check;
import io.kubeguide.exercise.ExerciseSpec.EndpointsCondition;
import io.kubeguide.exercise.ExerciseSpec.ObjectKey;
import io.kubeguide.exercise.ExerciseSpec.Range;
import io.kubeguide.exercise.ExerciseSpec.ResourceRef;
import io.kubeguide.exercise.ExerciseSpec.SelectsCondition;
import io.kubeguide.exercise.ExerciseSpec.WrongAnswer;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads an exercise spec strictly: unknown fields, missing required fields, a check without a condition, a
 * {@code wrong[].fails} naming no check, or an id that is not the file name are errors that name the file.
 */
public final class ExerciseSpecParser {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");
    private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");

    private final ObjectMapper mapper = YAMLMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /** The file's shape; turned into an {@link ExerciseSpec} after checks. */
    private record RawSpec(String id, String title, String lesson, String section, Integer order, String prompt,
                           String setup, String starter, List<String> allow, List<RawCheck> checks, String solution,
                           List<WrongAnswer> wrong, List<String> serviceTypes) {
    }

    private record RawCheck(String id, String expect, ResourceRef resource, String path,
                            @JsonProperty("equals") String equalTo, String matches, List<String> oneOf, Range range,
                            EndpointsCondition endpoints, SelectsCondition selects, String within, String hint,
                            String section) {
    }

    /**
     * @param fileName e.g. {@code services/exercises/services-clusterip.yaml}, used in messages and to check the id
     */
    public ExerciseSpec parse(String fileName, String text) {
        RawSpec raw;
        try {
            raw = mapper.readValue(text, RawSpec.class);
        } catch (UnrecognizedPropertyException e) {
            throw new InvalidExerciseSpecException(fileName, "unknown field '" + e.getPropertyName() + "' at "
                    + path(e) + " (line " + e.getLocation().getLineNr() + "); known fields: "
                    + e.getKnownPropertyIds());
        } catch (JsonMappingException e) {
            throw new InvalidExerciseSpecException(fileName, e.getOriginalMessage() + " at " + path(e)
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidExerciseSpecException(fileName, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")" : ""));
        } catch (IOException e) {
            throw new InvalidExerciseSpecException(fileName, e.getMessage());
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
        List<Check> checks = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        if (raw.checks() != null) {
            for (int i = 0; i < raw.checks().size(); i++) {
                RawCheck c = raw.checks().get(i);
                String where = "checks[" + i + "]" + (c.id() != null ? " (" + c.id() + ")" : "");
                checks.add(check(c, where, errors));
                if (c.id() != null && !ids.add(c.id())) {
                    errors.add(where + ": duplicate check id '" + c.id() + "'");
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
        Set<ObjectKey> setupObjects = setupObjects(raw.setup(), errors);
        if (raw.serviceTypes() != null && !Set.of("NodePort", "LoadBalancer").containsAll(raw.serviceTypes())) {
            errors.add("serviceTypes: only NodePort and LoadBalancer (ClusterIP and ExternalName are always allowed), "
                    + "not " + raw.serviceTypes());
        }
        if (!errors.isEmpty()) {
            throw new InvalidExerciseSpecException(fileName, String.join("; ", errors));
        }
        return new ExerciseSpec(raw.id(), raw.title(), raw.lesson(), raw.section(), raw.order() == null ? 0
                : raw.order(), raw.prompt(), raw.setup() == null ? "" : raw.setup(), raw.starter() == null ? ""
                : raw.starter(), raw.allow(), checks, raw.solution(), raw.wrong(), setupObjects,
                raw.serviceTypes() == null ? Set.of() : Set.copyOf(raw.serviceTypes()));
    }

    private static Check check(RawCheck c, String where, List<String> errors) {
        if (c.id() == null || c.id().isBlank()) {
            errors.add(where + ": id is required");
        }
        if (c.expect() == null || c.expect().isBlank()) {
            errors.add(where + ": expect is required (what the learner reads)");
        }
        int conditions = (c.resource() != null ? 1 : 0) + (c.endpoints() != null ? 1 : 0)
                + (c.selects() != null ? 1 : 0);
        if (conditions == 0) {
            errors.add(where + ": the check has no condition; give one of resource (exists, or with path), "
                    + "endpoints or selects");
        } else if (conditions > 1) {
            errors.add(where + ": give only one of resource, endpoints, selects");
        }
        int predicates = (c.equalTo() != null ? 1 : 0) + (c.matches() != null ? 1 : 0) + (c.oneOf() != null ? 1 : 0)
                + (c.range() != null ? 1 : 0);
        if (c.path() != null) {
            if (c.resource() == null) {
                errors.add(where + ": path needs a resource to read");
            }
            if (predicates != 1) {
                errors.add(where + ": path needs exactly one of equals, matches, oneOf, range");
            }
            if (!c.path().startsWith("$")) {
                errors.add(where + ": path must be a JSONPath starting with $");
            }
        } else if (predicates > 0) {
            errors.add(where + ": equals/matches/oneOf/range need a path");
        }
        if (c.matches() != null) {
            try {
                Pattern.compile(c.matches());
            } catch (PatternSyntaxException e) {
                errors.add(where + ": matches is not a valid regular expression: " + e.getDescription());
            }
        }
        if (c.resource() != null && (c.resource().kind() == null || c.resource().name() == null)) {
            errors.add(where + ": resource needs kind and name");
        }
        if (c.endpoints() != null && (c.endpoints().service() == null || c.endpoints().ready() == null)) {
            errors.add(where + ": endpoints needs service and ready");
        }
        if (c.selects() != null && (c.selects().service() == null || c.selects().workload() == null
                || c.selects().workload().kind() == null || c.selects().workload().name() == null)) {
            errors.add(where + ": selects needs service and workload {kind, name}");
        }
        Duration within = null;
        if (c.within() != null) {
            Matcher m = DURATION.matcher(c.within().trim());
            if (!m.matches()) {
                errors.add(where + ": within '" + c.within() + "' must look like 500ms, 20s or 2m");
            } else {
                long n = Long.parseLong(m.group(1));
                within = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    default -> Duration.ofMinutes(n);
                };
                if (within.compareTo(Duration.ofMinutes(5)) > 0) {
                    errors.add(where + ": within is at most 5m");
                }
            }
        }
        return new Check(c.id(), c.expect(), c.resource(), c.path(), c.equalTo(), c.matches(), c.oneOf(),
                c.range(), c.endpoints(), c.selects(), within, c.hint(), c.section());
    }

    private static Set<ObjectKey> setupObjects(String setup, List<String> errors) {
        Set<ObjectKey> keys = new LinkedHashSet<>();
        if (setup == null || setup.isBlank()) {
            return keys;
        }
        try {
            for (Object doc : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(setup)) {
                if (doc instanceof Map<?, ?> map && map.get("kind") != null
                        && map.get("metadata") instanceof Map<?, ?> meta && meta.get("name") != null) {
                    keys.add(new ObjectKey(map.get("kind").toString(), meta.get("name").toString()));
                } else if (doc != null) {
                    errors.add("setup: every document needs kind and metadata.name");
                }
            }
        } catch (RuntimeException e) {
            errors.add("setup is not valid YAML: " + e.getMessage());
        }
        return keys;
    }

    private static void require(List<String> errors, String value, String field) {
        if (value == null || value.isBlank()) {
            errors.add(field + " is required");
        }
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "top level" : sb.toString();
    }
}
