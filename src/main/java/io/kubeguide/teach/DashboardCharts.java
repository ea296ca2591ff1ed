package io.kubeguide.teach;

import io.kubeguide.teach.BarChart.Bar;
import io.kubeguide.teach.BarChart.Tone;
import io.kubeguide.teach.Dashboard.ExerciseStats;

/** The dashboard's charts, each an SVG string for the page (escaped by {@link BarChart}). */
final class DashboardCharts {

    private DashboardCharts() {}

    static String solveRates(Dashboard dashboard) {
        return BarChart.svg(
                "chart-solve-rates",
                "Solve rate per exercise",
                Tone.GOOD,
                dashboard.exercises().stream()
                        .map(e -> new Bar(
                                e.exerciseId(),
                                e.solveRate(),
                                e.solved() + " of " + e.tried() + " · " + e.solveRateText()))
                        .toList());
    }

    static String checkFailures(ExerciseStats exercise) {
        return BarChart.svg(
                "chart-checks-" + exercise.exerciseId(),
                "How often each check of " + exercise.exerciseId() + " failed",
                Tone.BAD,
                exercise.checks().stream()
                        .map(c -> new Bar(
                                c.id(), c.failRate(), c.failed() + " of " + c.runs() + " · " + c.failRateText()))
                        .toList());
    }

    static String refusals(Dashboard dashboard) {
        int most = dashboard.refusals().stream()
                .mapToInt(Dashboard.Count::count)
                .max()
                .orElse(1);
        return BarChart.svg(
                "chart-refusals",
                "Why YAML was refused",
                Tone.BAD,
                dashboard.refusals().stream()
                        .map(r -> new Bar(
                                r.label(),
                                (double) r.count() / most,
                                r.count() == 1 ? "1 submission" : r.count() + " submissions"))
                        .toList());
    }
}
