-- The guide replicas that share this database, and so its sandbox registry (docs/architecture.md, "Many guides").
-- A stopping replica hands its sandboxes over only when one of these is alive (its Lease renewed): another guide
-- that merely shares the cluster, with a database of its own, could never take them over.
CREATE TABLE guide_replica (
    instance_id VARCHAR(63) NOT NULL PRIMARY KEY,
    joined_at   TIMESTAMP WITH TIME ZONE NOT NULL
);
