package io.kubeguide.sandbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The registry in table {@code sandbox_owner} (Flyway V3): one row per learner, so two replicas cannot both record a
 * sandbox for one learner (the insert of the second fails on the primary key), and every change is a compare-and-set
 * on the namespace the caller last saw. Table {@code guide_replica} (V5) lists the replicas sharing it.
 */
public final class DatabaseOwnership implements SandboxOwnership {

    private static final String COLUMNS =
            "learner_key, exercise_id, sandbox_id, namespace, service_types, instance_id, ready, last_used";

    private final JdbcClient jdbc;

    public DatabaseOwnership(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Optional<Owned> find(String learnerKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandbox_owner WHERE learner_key = ?")
                .param(learnerKey)
                .query(ROW)
                .optional();
    }

    @Override
    public boolean claim(
            String learnerKey, String exerciseId, SandboxIdentity identity, String instanceId, String replaces) {
        if (replaces == null) {
            try {
                return jdbc.sql("INSERT INTO sandbox_owner (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, FALSE, ?)")
                                .params(
                                        learnerKey,
                                        exerciseId,
                                        identity.sandboxId(),
                                        identity.namespace(),
                                        String.join(",", identity.serviceTypes()),
                                        instanceId,
                                        now())
                                .update()
                        == 1;
            } catch (DuplicateKeyException e) {
                return false; // another replica recorded one first
            }
        }
        return jdbc.sql(
                                "UPDATE sandbox_owner SET exercise_id = ?, sandbox_id = ?, namespace = ?, service_types = ?, "
                                        + "instance_id = ?, ready = FALSE, last_used = ? WHERE learner_key = ? AND namespace = ?")
                        .params(
                                exerciseId,
                                identity.sandboxId(),
                                identity.namespace(),
                                String.join(",", identity.serviceTypes()),
                                instanceId,
                                now(),
                                learnerKey,
                                replaces)
                        .update()
                == 1;
    }

    @Override
    public boolean markReady(String learnerKey, String namespace) {
        return jdbc.sql("UPDATE sandbox_owner SET ready = TRUE, last_used = ? WHERE learner_key = ? AND namespace = ?")
                        .params(now(), learnerKey, namespace)
                        .update()
                == 1;
    }

    @Override
    public boolean takeOver(String learnerKey, String namespace, String instanceId) {
        return jdbc.sql(
                                "UPDATE sandbox_owner SET instance_id = ?, last_used = ? WHERE learner_key = ? AND namespace = ?")
                        .params(instanceId, now(), learnerKey, namespace)
                        .update()
                == 1;
    }

    @Override
    public void touch(String learnerKey, String namespace) {
        jdbc.sql("UPDATE sandbox_owner SET last_used = ? WHERE learner_key = ? AND namespace = ?")
                .params(now(), learnerKey, namespace)
                .update();
    }

    @Override
    public boolean forget(String learnerKey, String namespace) {
        return jdbc.sql("DELETE FROM sandbox_owner WHERE learner_key = ? AND namespace = ?")
                        .params(learnerKey, namespace)
                        .update()
                == 1;
    }

    @Override
    public Set<String> namespacesOf(String instanceId) {
        return new HashSet<>(jdbc.sql("SELECT namespace FROM sandbox_owner WHERE instance_id = ?")
                .param(instanceId)
                .query(String.class)
                .list());
    }

    @Override
    public List<Owned> othersUnusedSince(String instanceId, Instant cutoff) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM sandbox_owner WHERE instance_id <> ? AND last_used < ?")
                .params(instanceId, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC))
                .query(ROW)
                .list();
    }

    @Override
    public void join(String instanceId) {
        try {
            jdbc.sql("INSERT INTO guide_replica (instance_id, joined_at) VALUES (?, ?)")
                    .params(instanceId, now())
                    .update();
        } catch (DuplicateKeyException e) {
            // listed already
        }
    }

    @Override
    public void leave(String instanceId) {
        jdbc.sql("DELETE FROM guide_replica WHERE instance_id = ?")
                .param(instanceId)
                .update();
    }

    @Override
    public Set<String> replicas() {
        return new HashSet<>(jdbc.sql("SELECT instance_id FROM guide_replica")
                .query(String.class)
                .list());
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    private static final RowMapper<Owned> ROW = (rs, n) -> {
        String types = rs.getString("service_types");
        Set<String> serviceTypes =
                types.isBlank() ? Set.of() : Arrays.stream(types.split(",")).collect(Collectors.toSet());
        String learnerKey = rs.getString("learner_key");
        return new Owned(
                learnerKey,
                rs.getString("exercise_id"),
                new SandboxIdentity(
                        rs.getString("sandbox_id"),
                        rs.getString("instance_id"),
                        rs.getString("namespace"),
                        serviceTypes,
                        learnerKey),
                rs.getString("instance_id"),
                rs.getBoolean("ready"),
                rs.getObject("last_used", OffsetDateTime.class).toInstant());
    };
}
