/**
 * The exercise format authors write ({@code content/<lesson>/exercises/*.yaml}, see {@code content/README.md}):
 * {@link io.kubeguide.exercise.spec.ExerciseSpec}, its strict parser, and the Kubernetes kinds the guide knows without
 * asking a server ({@link io.kubeguide.exercise.spec.KnownKinds}). Depends on no other package of ours, so grading,
 * validation and the catalog all build on it.
 */
package io.kubeguide.exercise.spec;
