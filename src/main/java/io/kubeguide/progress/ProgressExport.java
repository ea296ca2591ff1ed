package io.kubeguide.progress;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A learner's own progress as they download it ({@code GET /progress/export}): theirs to keep, YAML included. */
public record ProgressExport(OffsetDateTime exportedAt, List<Solved> solved, List<Attempt> submissions) {

    /** The download of a device that has no learner yet. */
    public static ProgressExport nothing() {
        return new ProgressExport(OffsetDateTime.now(ZoneOffset.UTC), List.of(), List.of());
    }

    public record Solved(String exercise, OffsetDateTime solvedAt) {}

    /** One submission as graded: the YAML as sent and the report the guide showed. */
    public record Attempt(String exercise, OffsetDateTime submittedAt, boolean passed, String yaml, JsonNode report) {}
}
