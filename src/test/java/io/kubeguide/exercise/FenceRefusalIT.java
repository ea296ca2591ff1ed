package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a learner reads when the sandbox fence (the API server's admission policy, not the guide's validator) refuses
 * their YAML: the policy's own words, as a problem on the object's line, through the JSON API.
 */
class FenceRefusalIT extends EngineTestSupport {

    private static final Logger log = LoggerFactory.getLogger(FenceRefusalIT.class);

    @Autowired
    MockMvc mvc;

    @Autowired
    ExerciseCatalog catalog;

    @Autowired
    JsonMapper json;

    private JsonNode submit(Cookie learner, String exercise, String yaml) throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/exercises/" + exercise + "/submissions")
                        .cookie(learner)
                        .contentType("application/yaml")
                        .content(yaml))
                .andReturn()
                .getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        log.info("{} answered: {}", exercise, response.getContentAsString());
        return json.readTree(response.getContentAsString());
    }

    @Test
    void anImageOutsideTheAllowListIsRefusedInWords() throws Exception {
        String yaml = catalog.get("services-load-balancing")
                .solution()
                .replace("image: registry.k8s.io/pause:3.10", "image: nginx:1.27");
        JsonNode report = submit(ExerciseFlowIT.newLearner(), "services-load-balancing", yaml);
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(report.get("checks")).isEmpty();
        assertThat(ExerciseFlowIT.problems(report))
                .contains("image nginx:1.27 is not allowed here: use registry.k8s.io/pause:3.10");
    }

    @Test
    void aNodePortServiceWhereTheExerciseNeedsNoneIsRefusedInWords() throws Exception {
        String yaml =
                catalog.get("services-named-port").solution().replaceFirst("(?m)^spec:\n", "spec:\n  type: NodePort\n");
        assertThat(yaml).contains("type: NodePort");
        JsonNode report = submit(ExerciseFlowIT.newLearner(), "services-named-port", yaml);
        assertThat(report.get("checks")).isEmpty();
        assertThat(ExerciseFlowIT.problems(report))
                .contains("type: NodePort is not allowed in this exercise: a Service here may be ClusterIP, "
                        + "ExternalName");
        assertThat(report.get("problems").get(0).get("line").asInt()).isPositive();
    }
}
