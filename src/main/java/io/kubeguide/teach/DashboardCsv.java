package io.kubeguide.teach;

import io.kubeguide.teach.Dashboard.CheckStats;
import io.kubeguide.teach.Dashboard.Count;
import io.kubeguide.teach.Dashboard.ExerciseStats;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The dashboard as CSV (RFC 4180: comma-separated, CRLF line ends, quoted where needed), one file per table. Numbers
 * are plain (shares 0 to 1, seconds), for a spreadsheet to work with. A cell that a spreadsheet would take for a
 * formula ({@code =}, {@code +}, {@code -}, {@code @}) gets a leading apostrophe: failure messages quote learners.
 */
final class DashboardCsv {

    private DashboardCsv() {}

    static String exercises(Dashboard dashboard) {
        return csv(
                List.of(
                        "exercise",
                        "learners_tried",
                        "learners_solved",
                        "solve_rate",
                        "median_attempts_to_solve",
                        "median_seconds_to_solve",
                        "submissions",
                        "refused_submissions"),
                dashboard.exercises().stream()
                        .map(e -> List.of(
                                e.exerciseId(),
                                String.valueOf(e.tried()),
                                String.valueOf(e.solved()),
                                share(e.solveRate()),
                                e.medianAttempts() == null ? "" : Figures.number(e.medianAttempts()),
                                e.medianTimeToSolve() == null
                                        ? ""
                                        : String.valueOf(
                                                Math.round(e.medianTimeToSolve().toMillis() / 1000.0)),
                                String.valueOf(e.submissions()),
                                String.valueOf(e.refused()))));
    }

    static String checks(Dashboard dashboard) {
        return csv(
                List.of(
                        "exercise",
                        "check",
                        "expect",
                        "runs",
                        "failed",
                        "fail_rate",
                        "commonest_failure",
                        "commonest_failure_count"),
                dashboard.exercises().stream().flatMap(e -> e.checks().stream().map(c -> checkRow(e, c))));
    }

    static String refusals(Dashboard dashboard) {
        return csv(
                List.of("reason", "submissions"),
                dashboard.refusals().stream().map(r -> List.of(r.label(), String.valueOf(r.count()))));
    }

    private static List<String> checkRow(ExerciseStats e, CheckStats c) {
        Count top = c.commonFailures().isEmpty() ? null : c.commonFailures().get(0);
        return List.of(
                e.exerciseId(),
                c.id(),
                c.expect(),
                String.valueOf(c.runs()),
                String.valueOf(c.failed()),
                share(c.failRate()),
                top == null ? "" : top.label(),
                top == null ? "" : String.valueOf(top.count()));
    }

    private static String share(double share) {
        return String.format(Locale.ROOT, "%.4f", share);
    }

    private static String csv(List<String> header, Stream<List<String>> rows) {
        return Stream.concat(Stream.of(header), rows)
                .map(row -> row.stream().map(DashboardCsv::cell).collect(Collectors.joining(",")))
                .collect(Collectors.joining("\r\n", "", "\r\n"));
    }

    static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        boolean quote = v.contains(",")
                || v.contains("\"")
                || v.contains("\n")
                || v.contains("\r")
                || (!v.isEmpty() && (v.charAt(0) == ' ' || v.charAt(v.length() - 1) == ' '));
        return quote ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
