/**
 * The teachers' dashboard, {@code /teach}: where learners get stuck, from the stored grade reports. Per exercise the
 * learners who tried and solved it, the solve rate, the median attempts and time to solve; per check how often it
 * failed and its commonest failure messages; why YAML was refused. Plotted as server-drawn SVG bar charts
 * ({@link io.kubeguide.teach.BarChart}), also as CSV.
 * <p>
 * Aggregated in Java, streaming the submissions once ({@link io.kubeguide.progress.StoredSubmissions}): the checks
 * and refusals live inside each report's JSON, which H2 and PostgreSQL query with different JSON functions, and the
 * data is bounded (the newest {@code guide.limits.history-per-exercise} submissions per learner and exercise are kept);
 * memory grows with learners × exercises and distinct failure messages, not with submissions.
 * <p>
 * Teachers see counts and messages, never a learner's YAML nor a learner id. Behind a sign-in of its own
 * ({@link io.kubeguide.teach.TeachSecurity}): a teacher's username and password hash from the environment; learners
 * never sign in. Nothing imports this package; it reads {@code progress} only.
 */
package io.kubeguide.teach;
