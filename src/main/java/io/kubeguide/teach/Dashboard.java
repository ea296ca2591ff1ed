package io.kubeguide.teach;

import java.time.Duration;
import java.util.List;

/**
 * What the teachers' dashboard shows: figures only, no learner ids, no YAML.
 *
 * @param exercises   the exercises someone tried, by id
 * @param refusals    why YAML was refused before grading, commonest first (a submission counts once per reason)
 * @param learners    learners with at least one submission
 * @param submissions submissions stored
 */
public record Dashboard(List<ExerciseStats> exercises, List<Count> refusals, int learners, int submissions) {

    /** A label and how often it happened. */
    public record Count(String label, int count) {}

    /**
     * One exercise.
     *
     * @param tried             learners with at least one submission of it
     * @param solved            learners with a passing submission
     * @param medianAttempts    over the learners who solved it: their submissions up to and including the first
     *                          passing one (refused ones count); null when nobody solved it
     * @param medianTimeToSolve over the same learners: from their first submission to their first passing one
     * @param submissions       all its submissions
     * @param refused           its submissions refused before grading
     * @param checks            its checks, in the order the grader runs them
     */
    public record ExerciseStats(
            String exerciseId,
            int tried,
            int solved,
            Double medianAttempts,
            Duration medianTimeToSolve,
            int submissions,
            int refused,
            List<CheckStats> checks) {

        /** Share of the learners who tried it that solved it, 0 to 1. */
        public double solveRate() {
            return tried == 0 ? 0 : (double) solved / tried;
        }

        public String solveRateText() {
            return Figures.percent(solveRate());
        }

        public String medianAttemptsText() {
            return Figures.number(medianAttempts);
        }

        public String medianTimeToSolveText() {
            return Figures.duration(medianTimeToSolve);
        }
    }

    /**
     * One check of an exercise, over the graded (not refused) submissions.
     *
     * @param expect         what it expects, in the learner's words (from the newest report)
     * @param runs           graded submissions that ran it
     * @param failed         ... that it failed
     * @param commonFailures its commonest failure messages, commonest first (at most three)
     */
    public record CheckStats(String id, String expect, int runs, int failed, List<Count> commonFailures) {

        /** Share of its runs that failed, 0 to 1. */
        public double failRate() {
            return runs == 0 ? 0 : (double) failed / runs;
        }

        public String failRateText() {
            return Figures.percent(failRate());
        }
    }
}
