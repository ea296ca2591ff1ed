package io.kubeguide.teach;

import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** {@code /teach}: the dashboard and its CSV files (signed-in teachers only, see {@link TeachSecurity}); the sign-in. */
@Controller
class TeachController {

    private static final MediaType CSV = new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8);

    private final Dashboards dashboards;
    private final TeacherProperties teacher;

    TeachController(Dashboards dashboards, TeacherProperties teacher) {
        this.dashboards = dashboards;
        this.teacher = teacher;
    }

    @GetMapping("/teach")
    String dashboard(Model model) {
        Dashboard dashboard = dashboards.current();
        model.addAttribute("dashboard", dashboard);
        model.addAttribute("solveRatesChart", DashboardCharts.solveRates(dashboard));
        model.addAttribute("refusalsChart", DashboardCharts.refusals(dashboard));
        model.addAttribute(
                "checkCharts",
                dashboard.exercises().stream()
                        .collect(
                                Collectors.toMap(Dashboard.ExerciseStats::exerciseId, DashboardCharts::checkFailures)));
        return "teach/dashboard";
    }

    @GetMapping(TeachSecurity.SIGN_IN)
    String signIn(@RequestParam(name = "throttled", required = false) Integer throttled, Model model) {
        model.addAttribute("passwordSignIn", teacher.passwordSignIn());
        model.addAttribute("throttled", throttled);
        return "teach/login";
    }

    @GetMapping("/teach.csv")
    ResponseEntity<String> exercisesCsv() {
        return csv("teach-exercises.csv", DashboardCsv::exercises);
    }

    @GetMapping("/teach/checks.csv")
    ResponseEntity<String> checksCsv() {
        return csv("teach-checks.csv", DashboardCsv::checks);
    }

    @GetMapping("/teach/refusals.csv")
    ResponseEntity<String> refusalsCsv() {
        return csv("teach-refusals.csv", DashboardCsv::refusals);
    }

    private ResponseEntity<String> csv(String filename, Function<Dashboard, String> table) {
        return ResponseEntity.ok()
                .contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + filename + "\"")
                .body(table.apply(dashboards.current()));
    }
}
