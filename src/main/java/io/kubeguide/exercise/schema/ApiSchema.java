package io.kubeguide.exercise.schema;

import io.kubeguide.exercise.schema.Schema.JsonType;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The schemas of one API group/version, from the API server's OpenAPI v3 document for it
 * ({@code /openapi/v3/api/v1}, {@code /openapi/v3/apis/apps/v1}), compiled once into {@link Schema} nodes.
 */
public final class ApiSchema {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String COMPONENTS = "#/components/schemas/";
    /** Quantity is written as 1Gi or 1073741824; the document calls it a string only in some versions. */
    private static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";

    private static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

    private final Map<String, Schema> components;
    private final Map<String, String> componentOfKind;

    private ApiSchema(Map<String, Schema> components, Map<String, String> componentOfKind) {
        this.components = components;
        this.componentOfKind = componentOfKind;
    }

    public static ApiSchema parse(InputStream openApiV3) {
        JsonNode schemas = JSON.readTree(openApiV3).path("components").path("schemas");
        Map<String, Schema> components = new HashMap<>();
        Map<String, String> componentOfKind = new HashMap<>();
        for (Map.Entry<String, JsonNode> entry : schemas.properties()) {
            String name = entry.getKey();
            components.put(
                    name,
                    switch (name) {
                        case QUANTITY ->
                            new Schema(
                                    null,
                                    EnumSet.of(JsonType.STRING, JsonType.NUMBER, JsonType.INTEGER),
                                    Map.of(),
                                    null,
                                    null,
                                    false);
                        case INT_OR_STRING ->
                            new Schema(
                                    null, EnumSet.of(JsonType.STRING, JsonType.INTEGER), Map.of(), null, null, false);
                        default -> compile(entry.getValue());
                    });
            for (JsonNode gvk : entry.getValue().path("x-kubernetes-group-version-kind")) {
                componentOfKind.putIfAbsent(gvk.path("kind").asString(""), name);
            }
        }
        return new ApiSchema(Map.copyOf(components), Map.copyOf(componentOfKind));
    }

    /** The schema of a kind of this group/version, e.g. Service in v1. */
    public Optional<Schema> kind(String kind) {
        return Optional.ofNullable(componentOfKind.get(kind)).map(components::get);
    }

    /** The kinds of this group/version. */
    public Set<String> kinds() {
        return componentOfKind.keySet();
    }

    /** Follows a reference to the named component it stands for ({@link Schema#ANY} when the document lacks it). */
    Schema resolve(Schema schema) {
        Schema current = schema;
        for (int hops = 0; current != null && current.ref() != null && hops < 8; hops++) {
            current = components.getOrDefault(current.ref(), Schema.ANY);
        }
        return current == null || current.ref() != null ? Schema.ANY : current;
    }

    /** The short name of a component, e.g. ServiceSpec, for messages; null for an inline schema. */
    static String shortName(Schema schema) {
        return schema.ref() == null ? null : schema.ref().substring(schema.ref().lastIndexOf('.') + 1);
    }

    private static Schema compile(JsonNode node) {
        String ref = reference(node);
        if (ref != null) {
            return Schema.ref(ref);
        }
        boolean open = node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        Set<JsonType> types = EnumSet.noneOf(JsonType.class);
        if (node.path("x-kubernetes-int-or-string").asBoolean(false)
                || "int-or-string".equals(node.path("format").asString(""))) {
            types.add(JsonType.STRING);
            types.add(JsonType.INTEGER);
        } else if (node.has("type")) {
            addType(types, node.path("type").asString(""));
        } else {
            for (String alternatives : new String[] {"oneOf", "anyOf"}) {
                for (JsonNode alternative : node.path(alternatives)) {
                    addType(types, alternative.path("type").asString(""));
                }
            }
        }
        Map<String, Schema> properties = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> p : node.path("properties").properties()) {
            properties.put(p.getKey(), compile(p.getValue()));
        }
        if (types.isEmpty() && !properties.isEmpty()) {
            types.add(JsonType.OBJECT);
        }
        Schema items = node.has("items") ? compile(node.path("items")) : null;
        JsonNode additional = node.path("additionalProperties");
        Schema values = additional.isObject()
                ? compile(additional)
                : additional.isBoolean() && additional.asBoolean() ? Schema.ANY : null;
        if (types.contains(JsonType.OBJECT) && properties.isEmpty() && values == null) {
            open = true; // an object whose fields the document does not list (e.g. FieldsV1)
        }
        return new Schema(null, Set.copyOf(types), Map.copyOf(properties), items, values, open);
    }

    private static void addType(Set<JsonType> types, String type) {
        switch (type) {
            case "string" -> types.add(JsonType.STRING);
            case "integer" -> types.add(JsonType.INTEGER);
            case "number" -> types.add(JsonType.NUMBER);
            case "boolean" -> types.add(JsonType.BOOLEAN);
            case "object" -> types.add(JsonType.OBJECT);
            case "array" -> types.add(JsonType.ARRAY);
            default -> {}
        }
    }

    /** {@code $ref}, or the only {@code allOf} entry's {@code $ref} (how the document refers to a named schema). */
    private static String reference(JsonNode node) {
        String ref = node.path("$ref").asString(null);
        if (ref == null && node.path("allOf").size() == 1) {
            ref = node.path("allOf").get(0).path("$ref").asString(null);
        }
        return ref != null && ref.startsWith(COMPONENTS) ? ref.substring(COMPONENTS.length()) : null;
    }
}
