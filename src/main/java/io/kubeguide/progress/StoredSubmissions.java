package io.kubeguide.progress;

import java.time.OffsetDateTime;
import java.util.function.Consumer;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Every stored submission, read one row at a time for statistics (the teachers' dashboard). The YAML is never read:
 * what a learner wrote is theirs. The learner id only groups a learner's tries; readers must not show it.
 */
@Component
public class StoredSubmissions {

    /** A stored submission without its YAML; {@code report} is the JSON of its grade report. */
    public record Row(String learnerId, String exerciseId, boolean passed, String report, OffsetDateTime createdAt) {}

    private final JdbcClient jdbc;

    StoredSubmissions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Streams every submission ordered by exercise, learner and time (so that one learner's tries of one exercise come
     * together, oldest first), holding one row in memory at a time.
     */
    @Transactional(readOnly = true)
    public void forEach(Consumer<Row> each) {
        jdbc.sql("SELECT learner_id, exercise_id, passed, report, created_at FROM submission "
                        + "ORDER BY exercise_id, learner_id, created_at, id")
                .withFetchSize(500)
                // PostgreSQL streams by the fetch size only inside a transaction (hence @Transactional)
                .query((RowCallbackHandler) rs -> each.accept(new Row(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getBoolean(3),
                        rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class))));
    }
}
