package io.kubeguide.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void aLearnerIsLoggedAsAShortStableHashNeverTheirId() {
        String id = "q3Zx8PZ0aKc1b2C3d4E5f6G7";
        assertThat(LogSafe.learner(id))
                .matches("l:[0-9a-f]{8}")
                .isEqualTo(LogSafe.learner(id))
                .isNotEqualTo(LogSafe.learner(id + "x"))
                .doesNotContain(id.substring(0, 4));
        assertThat(LogSafe.learner(null)).isEqualTo("-");
    }

    @Test
    void incidentIdsAreShortAndFresh() {
        assertThat(LogSafe.newIncidentId()).matches("[0-9a-f]{8}").isNotEqualTo(LogSafe.newIncidentId());
    }
}
