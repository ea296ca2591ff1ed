/**
 * What the guide's database is (the embedded H2 of one guide, or a PostgreSQL that replicas share): the few choices
 * that depend on it (shared rate-limit buckets, per-learner locks across replicas) ask here.
 */
package io.kubeguide.database;
