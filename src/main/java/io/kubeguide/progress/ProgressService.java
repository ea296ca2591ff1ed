package io.kubeguide.progress;

import io.kubeguide.limits.GuideLimits;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
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

    ProgressService(SubmissionRepository submissions, JdbcClient jdbc, JsonMapper json, GuideLimits limits) {
        this.submissions = submissions;
        this.jdbc = jdbc;
        this.json = json;
        this.historyKept = limits.historyPerExercise();
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

    /** Everything of {@code from} now belongs to {@code to}, a new id with nothing yet (cookie rotation). */
    @Transactional
    public void moveLearner(String from, String to) {
        jdbc.sql("UPDATE submission SET learner_id = ? WHERE learner_id = ?")
                .params(to, from)
                .update();
        jdbc.sql("UPDATE solved_exercise SET learner_id = ? WHERE learner_id = ?")
                .params(to, from)
                .update();
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
