package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.kubeguide.progress.LearnerIdentity;
import jakarta.servlet.http.Cookie;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * What an operator scrapes at {@code /actuator/prometheus} after a learner's work on the real guide (embedded control
 * plane, no mocks): a graded and a refused submission, a kubectl command, a body over the limit. Values are compared
 * before and after, as other tests of this JVM record into the same meters.
 */
class OperatorMetricsIT extends EngineTestSupport {

    static final String EXERCISE = "services-named-port";

    @Autowired
    MockMvc mvc;

    @Autowired
    ExerciseCatalog catalog;

    @Test
    void prometheusShowsSubmissionsVerdictsRefusalsSandboxesAndCommands() throws Exception {
        Map<String, Double> before = scrape();
        Cookie learner =
                new Cookie(LearnerIdentity.COOKIE, UUID.randomUUID().toString().replace("-", ""));

        MvcResult graded = submit(learner, catalog.get(EXERCISE).solution());
        assertThat(graded.getResponse().getStatus()).isEqualTo(200);
        assertThat(graded.getResponse().getContentAsString()).contains("\"passed\":true");
        MvcResult refused = submit(learner, "kind: Service\nmetadata: {name: [not, a, name]}\n");
        assertThat(refused.getResponse().getStatus()).isEqualTo(200);
        assertThat(refused.getResponse().getContentAsString()).contains("\"passed\":false");
        MvcResult command = mvc.perform(post("/api/exercises/" + EXERCISE + "/kubectl")
                        .cookie(learner)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"command\":\"kubectl get pods\"}"))
                .andReturn();
        assertThat(command.getResponse().getStatus())
                .as(command.getResponse().getContentAsString())
                .isEqualTo(200);
        MvcResult tooLarge = submit(learner, "#".repeat(200 * 1024));
        assertThat(tooLarge.getResponse().getStatus()).isEqualTo(413);

        Map<String, Double> after = scrape();
        String exercise = "exercise=\"" + EXERCISE + "\"";
        assertThat(delta(before, after, "guide_submission_duration_seconds_count{" + exercise + "}"))
                .isEqualTo(2);
        assertThat(after)
                .containsKey("guide_submission_duration_seconds_bucket{" + exercise + ",le=\"120.0\"}")
                .containsKey("guide_submission_duration_seconds_sum{" + exercise + "}");
        assertThat(after.get("guide_submission_duration_seconds_sum{" + exercise + "}"))
                .isGreaterThan(before.getOrDefault("guide_submission_duration_seconds_sum{" + exercise + "}", 0.0));
        assertThat(delta(before, after, "guide_submission_verdicts_total{" + exercise + ",verdict=\"passed\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "guide_submission_verdicts_total{" + exercise + ",verdict=\"refused\"}"))
                .isEqualTo(1);
        assertThat(delta(before, after, "guide_refusals_total{reason=\"body-too-large\"}"))
                .isEqualTo(1);
        assertThat(after.get("guide_sandboxes{state=\"ready\"}")).isGreaterThanOrEqualTo(1);
        assertThat(after).containsKeys("guide_sandboxes{state=\"queued\"}", "guide_sandbox_queue_length");
        assertThat(delta(before, after, "guide_sandbox_queue_wait_seconds_count"))
                .isGreaterThanOrEqualTo(1);
        assertThat(after.get("guide_control_plane_start_seconds_count{provider=\"embedded\"}"))
                .isGreaterThanOrEqualTo(1);
        assertThat(delta(before, after, "guide_kubectl_commands_total{outcome=\"ok\",verb=\"get\"}"))
                .isEqualTo(1);
        assertThat(after.keySet())
                .as("no learner id in any label")
                .noneMatch(series -> series.contains(learner.getValue()));
    }

    @Test
    void onlyTheProbesAndPrometheusAreExposed() throws Exception {
        for (String path : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            assertThat(mvc.perform(get(path)).andReturn().getResponse().getStatus())
                    .as(path)
                    .isEqualTo(200);
        }
        for (String path :
                new String[] {"/actuator/env", "/actuator/beans", "/actuator/metrics", "/actuator/heapdump"}) {
            assertThat(mvc.perform(get(path)).andReturn().getResponse().getStatus())
                    .as(path)
                    .isEqualTo(404);
        }
    }

    private MvcResult submit(Cookie learner, String yaml) throws Exception {
        return mvc.perform(post("/api/exercises/" + EXERCISE + "/submissions")
                        .cookie(learner)
                        .contentType("application/yaml")
                        .content(yaml))
                .andReturn();
    }

    /** Series to value, from the Prometheus text format (comments left out). */
    private Map<String, Double> scrape() throws Exception {
        MvcResult result = mvc.perform(get("/actuator/prometheus")).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        Map<String, Double> series = new HashMap<>();
        for (String line : result.getResponse().getContentAsString().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return series;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertThat(after).as("series " + series).containsKey(series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }
}
