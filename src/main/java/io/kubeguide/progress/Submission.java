package io.kubeguide.progress;

import java.time.OffsetDateTime;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One submission of a learner with its report (JSON of {@code GradeReport}). */
@Table
public record Submission(
        @Id Long id,
        String learnerId,
        String exerciseId,
        String yaml,
        boolean passed,
        String report,
        OffsetDateTime createdAt) {}
