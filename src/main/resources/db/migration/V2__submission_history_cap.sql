-- The submission history is kept to the newest 50 per learner and exercise (guide.limits.history-per-exercise);
-- ProgressService trims it on every submission. This trims what an earlier version kept without a cap.
-- Window functions: the same statement on H2 and PostgreSQL.
DELETE FROM submission WHERE id IN (
    SELECT id FROM (
        SELECT id, ROW_NUMBER() OVER (PARTITION BY learner_id, exercise_id ORDER BY created_at DESC, id DESC) AS newest
        FROM submission
    ) ranked
    WHERE ranked.newest > 50
);

-- The trim reads a learner's submissions of one exercise newest first.
CREATE INDEX submission_newest ON submission (learner_id, exercise_id, created_at DESC, id DESC);
