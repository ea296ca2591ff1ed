package io.kubeguide.exercise.grading;

import java.util.List;

/**
 * What a learner gets back for a submission; also the JSON of {@code POST /api/exercises/{id}/submissions}.
 *
 * @param problems why the YAML was refused before grading (then {@code checks} is empty); empty when graded
 * @param warnings advice from the API server (e.g. Pod Security {@code restricted}); never a failure
 * @param notices  what the guide did for the learner that they did not write, e.g. {@code PersistentVolumeClaim data
 *                 was re-created: its spec cannot change in place}; neither a failure nor advice
 */
public record GradeReport(
        String exerciseId,
        boolean passed,
        String summary,
        List<CheckResult> checks,
        List<Problem> problems,
        List<String> warnings,
        long gradedMillis,
        List<String> notices) {

    public GradeReport {
        checks = checks == null ? List.of() : List.copyOf(checks);
        problems = problems == null ? List.of() : List.copyOf(problems);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        notices = notices == null ? List.of() : List.copyOf(notices); // reports stored before notices existed
    }

    /** This report with {@code notices} (the applier's, see {@code SubmissionApplier.ApplyResult#notices}). */
    public GradeReport withNotices(List<String> notices) {
        return new GradeReport(exerciseId, passed, summary, checks, problems, warnings, gradedMillis, notices);
    }

    /** One check's outcome; {@code section} is the lesson anchor that explains it. */
    public record CheckResult(String id, String expect, boolean passed, String message, String hint, String section) {}

    /** A problem with the submitted YAML; {@code line}/{@code column} are 1-based, null when not tied to a place. */
    public record Problem(Integer line, Integer column, String message) {

        public static Problem general(String message) {
            return new Problem(null, null, message);
        }
    }

    public static GradeReport refused(String exerciseId, List<Problem> problems, List<String> warnings, long millis) {
        String summary = problems.size() == 1
                ? "Your YAML was not applied: " + problems.get(0).message()
                : "Your YAML was not applied: " + problems.size() + " problems.";
        return new GradeReport(exerciseId, false, summary, List.of(), problems, warnings, millis, List.of());
    }

    public static GradeReport graded(String exerciseId, List<CheckResult> checks, List<String> warnings, long millis) {
        long passedCount = checks.stream().filter(CheckResult::passed).count();
        boolean passed = passedCount == checks.size();
        String summary = passed
                ? "All " + checks.size() + " checks passed. Well done!"
                : passedCount + " of " + checks.size() + " checks passed.";
        return new GradeReport(exerciseId, passed, summary, checks, List.of(), warnings, millis, List.of());
    }
}
