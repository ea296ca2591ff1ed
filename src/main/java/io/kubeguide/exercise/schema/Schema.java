package io.kubeguide.exercise.schema;

import java.util.Map;
import java.util.Set;

/**
 * One node of an OpenAPI v3 schema, reduced to what a submission is checked against: the JSON types a value may
 * have, the known fields of an object, the schema of list items and of map values. A reference to a named component
 * stays a name ({@link #ref}), resolved through the {@link ApiSchema} it belongs to (schemas may be recursive).
 *
 * @param types      the JSON types allowed; empty means any value
 * @param properties the known fields of an object; empty when the object's fields are not known
 * @param items      the schema of a list's items, or null
 * @param values     the schema of a map's values ({@code additionalProperties}), or null
 * @param open       whether fields the schema does not name are kept ({@code x-kubernetes-preserve-unknown-fields})
 */
public record Schema(
        String ref, Set<JsonType> types, Map<String, Schema> properties, Schema items, Schema values, boolean open) {

    static final Schema ANY = new Schema(null, Set.of(), Map.of(), null, null, true);

    public enum JsonType {
        STRING,
        INTEGER,
        NUMBER,
        BOOLEAN,
        OBJECT,
        ARRAY
    }

    static Schema ref(String name) {
        return new Schema(name, Set.of(), Map.of(), null, null, false);
    }

    /** Whether unknown fields of this object are mistakes: its fields are known and no others are kept. */
    boolean closed() {
        return !open && values == null && !properties.isEmpty();
    }
}
