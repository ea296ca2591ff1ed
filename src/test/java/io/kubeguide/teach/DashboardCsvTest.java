package io.kubeguide.teach;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.teach.Dashboard.CheckStats;
import io.kubeguide.teach.Dashboard.Count;
import io.kubeguide.teach.Dashboard.ExerciseStats;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DashboardCsvTest {

    private final Dashboard dashboard = new Dashboard(
            List.of(
                    new ExerciseStats(
                            "services-clusterip",
                            3,
                            2,
                            2.5,
                            Duration.ofMillis(95_400),
                            9,
                            2,
                            List.of(new CheckStats(
                                    "routes-to-pods",
                                    "it routes, to \"the\" Pods",
                                    6,
                                    4,
                                    List.of(new Count("=HYPERLINK(\"x\")\nline two", 3))))),
                    new ExerciseStats("storage-pvc", 1, 0, null, null, 1, 1, List.of())),
            List.of(new Count("Unknown field", 2)),
            4,
            10);

    @Test
    void exercisesWithPlainNumbersAndEmptyCellsForNoMedian() {
        assertThat(DashboardCsv.exercises(dashboard))
                .isEqualTo("exercise,learners_tried,learners_solved,solve_rate,median_attempts_to_solve,"
                        + "median_seconds_to_solve,submissions,refused_submissions\r\n"
                        + "services-clusterip,3,2,0.6667,2.5,95,9,2\r\n"
                        + "storage-pvc,1,0,0.0000,,,1,1\r\n");
    }

    @Test
    void checksQuoteCommasQuotesAndLineBreaksAndDisarmFormulas() {
        assertThat(DashboardCsv.checks(dashboard))
                .isEqualTo("exercise,check,expect,runs,failed,fail_rate,commonest_failure,commonest_failure_count\r\n"
                        + "services-clusterip,routes-to-pods,\"it routes, to \"\"the\"\" Pods\",6,4,0.6667,"
                        + "\"'=HYPERLINK(\"\"x\"\")\nline two\",3\r\n");
        assertThat(DashboardCsv.cell("-1+2")).isEqualTo("'-1+2");
        assertThat(DashboardCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(DashboardCsv.cell(" padded")).isEqualTo("\" padded\"");
    }

    @Test
    void refusals() {
        assertThat(DashboardCsv.refusals(dashboard)).isEqualTo("reason,submissions\r\nUnknown field,2\r\n");
    }
}
