-- State every guide replica shares (docs/architecture.md, "Many guides"). Portable between H2 and PostgreSQL.

-- Which sandbox a learner has, whichever replica made it: one row per learner (the primary key makes a second
-- sandbox impossible), keyed by a hash of the learner id (never the id: it is their cookie). instance_id is the
-- replica that serves it now; a replica that serves the learner next takes it over.
CREATE TABLE sandbox_owner (
    learner_key   VARCHAR(64)  NOT NULL PRIMARY KEY,
    exercise_id   VARCHAR(100) NOT NULL,
    sandbox_id    VARCHAR(63)  NOT NULL,
    namespace     VARCHAR(63)  NOT NULL,
    service_types VARCHAR(100) NOT NULL,
    instance_id   VARCHAR(63)  NOT NULL,
    ready         BOOLEAN      NOT NULL,
    last_used     TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX sandbox_owner_by_instance ON sandbox_owner (instance_id);

-- Bucket4j's token buckets on PostgreSQL (rate budgets shared by replicas); unused on H2.
CREATE TABLE rate_bucket (
    id         VARCHAR(200) NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
