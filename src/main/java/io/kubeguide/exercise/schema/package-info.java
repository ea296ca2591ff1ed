/**
 * A learner's object checked against the API server's own OpenAPI v3 schema before it is sent: field names (with
 * the known field one or two edits away as "did you mean") and basic types, each problem on the line and column of
 * its key. {@link io.kubeguide.exercise.schema.ApiSchemas} fetches and keeps one document per API server and
 * group/version; {@link io.kubeguide.exercise.schema.SchemaCheck} walks the learner's YAML nodes against it. The API
 * server stays the judge: this never accepts what it would refuse, it only answers sooner and in words.
 */
package io.kubeguide.exercise.schema;
