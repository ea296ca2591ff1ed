package io.kubeguide.progress;

import io.kubeguide.limits.GuideLimits;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/** Who solved what, and every submission with its report. Keyed by the learner id of the {@code guide_learner} cookie. */
@Service
public class ProgressService {

    private final SubmissionRepository submissions;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final int historyKept;
    private final ApplicationEventPublisher events;

    ProgressService(
            SubmissionRepository submissions,
            JdbcClient jdbc,
            JsonMapper json,
            GuideLimits limits,
            ApplicationEventPublisher events) {
        this.submissions = submissions;
        this.jdbc = jdbc;
        this.json = json;
        this.historyKept = limits.historyPerExercise();
        this.events = events;
    }

    /**
     * Stores a submission and its report (any object Jackson writes as JSON: the exercise's {@code GradeReport}, which
     * progress does not need to know); a pass marks the exercise solved. Only the newest
     * {@code guide.limits.history-per-exercise} submissions of the learner and exercise are kept (refused ones count).
     */
    @Transactional
    public Submission record(String learnerId, String exerciseId, String yaml, boolean passed, Object report) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        Submission saved = submissions.save(new Submission(
                null, learnerId, exerciseId, yaml == null ? "" : yaml, passed, json.writeValueAsString(report), now));
        if (passed) {
            markSolved(learnerId, exerciseId, now);
        }
        trimHistory(learnerId, exerciseId);
        return saved;
    }

    private void trimHistory(String learnerId, String exerciseId) {
        List<Long> kept = jdbc.sql("SELECT id FROM submission WHERE learner_id = ? AND exercise_id = ? "
                        + "ORDER BY created_at DESC, id DESC LIMIT ?")
                .params(learnerId, exerciseId, historyKept)
                .query(Long.class)
                .list();
        if (kept.size() == historyKept) {
            jdbc.sql("DELETE FROM submission WHERE learner_id = :learner AND exercise_id = :exercise "
                            + "AND id NOT IN (:kept)")
                    .param("learner", learnerId)
                    .param("exercise", exerciseId)
                    .param("kept", kept)
                    .update();
        }
    }

    private void markSolved(String learnerId, String exerciseId, OffsetDateTime when) {
        if (!isSolved(learnerId, exerciseId)) {
            try {
                jdbc.sql("INSERT INTO solved_exercise (learner_id, exercise_id, solved_at) VALUES (?, ?, ?)")
                        .params(learnerId, exerciseId, when)
                        .update();
            } catch (DuplicateKeyException e) {
                // solved concurrently: already recorded
            }
        }
    }

    /** Ids of the exercises the learner solved. */
    public Set<String> solved(String learnerId) {
        return new LinkedHashSet<>(jdbc.sql("SELECT exercise_id FROM solved_exercise WHERE learner_id = ? "
                        + "ORDER BY solved_at, exercise_id")
                .param(learnerId)
                .query(String.class)
                .list());
    }

    public boolean isSolved(String learnerId, String exerciseId) {
        return jdbc.sql("SELECT COUNT(*) FROM solved_exercise WHERE learner_id = ? AND exercise_id = ?")
                        .params(learnerId, exerciseId)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** The learner's submissions of one exercise, newest first. */
    public List<Submission> history(String learnerId, String exerciseId, int max) {
        return submissions.findByLearnerIdAndExerciseIdOrderByCreatedAtDescIdDesc(learnerId, exerciseId, Limit.of(max));
    }

    /** How many submissions of the learner are kept (the account page says it). */
    public long submissionCount(String learnerId) {
        return submissions.countByLearnerId(learnerId);
    }

    /**
     * Everything of {@code from} now belongs to {@code to}, a new id with nothing yet (cookie rotation); whatever else
     * names {@code from} follows through {@link LearnerMoved}.
     */
    @Transactional
    public void moveLearner(String from, String to) {
        mergeLearner(from, to);
        events.publishEvent(new LearnerMoved(from, to));
    }

    /**
     * Adds everything of {@code from} to {@code into} (an anonymous device's progress to a signed-in account's): its
     * submissions join the history (then trimmed to the newest {@code guide.limits.history-per-exercise} of each
     * exercise), an exercise solved by either stays solved (since the earlier time), and {@code from} is left with
     * nothing, so merging again changes nothing.
     */
    @Transactional
    public void mergeLearner(String from, String into) {
        if (from.equals(into)) {
            return;
        }
        List<String> exercises = jdbc.sql("SELECT DISTINCT exercise_id FROM submission WHERE learner_id = ?")
                .param(from)
                .query(String.class)
                .list();
        jdbc.sql("UPDATE submission SET learner_id = ? WHERE learner_id = ?")
                .params(into, from)
                .update();
        exercises.forEach(exercise -> trimHistory(into, exercise));
        jdbc.sql("UPDATE solved_exercise SET solved_at = (SELECT f.solved_at FROM solved_exercise f"
                        + " WHERE f.learner_id = :from AND f.exercise_id = solved_exercise.exercise_id)"
                        + " WHERE learner_id = :into AND exercise_id IN (SELECT f.exercise_id FROM solved_exercise f"
                        + " WHERE f.learner_id = :from AND f.solved_at < solved_exercise.solved_at)")
                .param("from", from)
                .param("into", into)
                .update();
        jdbc.sql("UPDATE solved_exercise SET learner_id = :into WHERE learner_id = :from AND exercise_id NOT IN"
                        + " (SELECT i.exercise_id FROM solved_exercise i WHERE i.learner_id = :into)")
                .param("from", from)
                .param("into", into)
                .update();
        jdbc.sql("DELETE FROM solved_exercise WHERE learner_id = ?").param(from).update();
    }

    /** All the learner has: solved exercises and every kept submission with its report, oldest first. */
    public ProgressExport export(String learnerId) {
        List<ProgressExport.Solved> solved = jdbc.sql("SELECT exercise_id, solved_at FROM solved_exercise"
                        + " WHERE learner_id = ? ORDER BY solved_at, exercise_id")
                .param(learnerId)
                .query((row, n) -> new ProgressExport.Solved(
                        row.getString("exercise_id"), row.getObject("solved_at", OffsetDateTime.class)))
                .list();
        List<ProgressExport.Attempt> attempts = submissions.findByLearnerIdOrderByCreatedAtAscIdAsc(learnerId).stream()
                .map(s -> new ProgressExport.Attempt(
                        s.exerciseId(), s.createdAt(), s.passed(), s.yaml(), json.readTree(s.report())))
                .toList();
        return new ProgressExport(OffsetDateTime.now(ZoneOffset.UTC), solved, attempts);
    }

    /** Forgets everything about a learner (their "start over"). */
    @Transactional
    public void clear(String learnerId) {
        submissions.deleteAllByLearner(learnerId);
        jdbc.sql("DELETE FROM solved_exercise WHERE learner_id = ?")
                .param(learnerId)
                .update();
    }
}
