package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.sandbox.Sandbox;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxState;
import io.kubeguide.sandbox.SharedClusterConnection;
import jakarta.servlet.http.Cookie;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.json.JsonMapper;

/**
 * What reading can do (nothing), what Start and the cookie rotation do, and the bounds on input, through HTTP on the
 * real application and the embedded control plane. The streaming 1 GiB body and floods are {@code AbuseIT}'s.
 */
class ExerciseSafetyIT extends EngineTestSupport {

    static final String EXERCISE = "services-clusterip";
    static final String OTHER = "services-nodeport";

    @Autowired
    MockMvc mvc;

    @Autowired
    ExerciseCatalog catalog;

    @Autowired
    ProgressService progress;

    @Autowired
    SandboxService sandboxes;

    @Autowired
    JsonMapper json;

    static Cookie newLearner() {
        return new Cookie(LearnerIdentity.COOKIE, UUID.randomUUID().toString().replace("-", ""));
    }

    private int submitYaml(Cookie learner, String exercise, String yaml) throws Exception {
        return mvc.perform(post("/api/exercises/" + exercise + "/submissions")
                        .cookie(learner)
                        .contentType("application/yaml")
                        .content(yaml))
                .andReturn()
                .getResponse()
                .getStatus();
    }

    @Test
    void noGetStartsSwitchesOrResetsASandbox() throws Exception {
        Cookie learner = newLearner();
        assertThat(submitYaml(learner, EXERCISE, catalog.get(EXERCISE).solution()))
                .isEqualTo(200);
        Sandbox before = sandboxes.ready(learner.getValue(), EXERCISE).orElseThrow();
        int held = sandboxes.heldCount();

        for (String path : List.of(
                "/",
                "/lessons/services",
                "/lessons/storage",
                "/exercises/" + OTHER,
                "/exercises/" + OTHER + "/panel",
                "/exercises/" + OTHER + "/sandbox",
                "/api/exercises/" + OTHER + "/sandbox",
                "/api/exercises/" + OTHER + "/live",
                "/exercises/" + EXERCISE,
                "/exercises/" + EXERCISE + "/panel",
                "/exercises/" + EXERCISE + "/sandbox",
                "/api/exercises/" + EXERCISE + "/sandbox",
                "/api/exercises/" + EXERCISE + "/live",
                "/api/exercises",
                "/exercises/" + EXERCISE + "/sandbox/reset",
                "/exercises/" + OTHER + "/sandbox/start")) {
            int status = mvc.perform(get(path).cookie(learner))
                    .andReturn()
                    .getResponse()
                    .getStatus();
            assertThat(status).as(path).isIn(200, 404, 405);
        }

        Sandbox after = sandboxes.ready(learner.getValue(), EXERCISE).orElseThrow();
        assertThat(after.namespace()).as("the same sandbox, still READY").isEqualTo(before.namespace());
        assertThat(SharedClusterConnection.admin()
                        .namespaces()
                        .withName(before.namespace())
                        .get())
                .isNotNull();
        assertThat(sandboxes.status(learner.getValue(), OTHER).state()).isEqualTo(SandboxState.NONE);
        assertThat(sandboxes.heldCount()).isEqualTo(held);
        String panel = mvc.perform(get("/exercises/" + OTHER + "/panel").cookie(learner))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(panel).contains("Your sandbox serves exercise " + EXERCISE + "; pressing Start");
    }

    @Test
    void cookieLessReadersGetNoLearnerIdAndNoSandbox() throws Exception {
        int held = sandboxes.heldCount();
        for (String path : List.of(
                "/exercises/" + OTHER,
                "/exercises/" + OTHER + "/panel",
                "/exercises/" + OTHER + "/sandbox",
                "/api/exercises/" + OTHER + "/sandbox")) {
            MockHttpServletResponse r = mvc.perform(get(path)).andReturn().getResponse();
            assertThat(r.getStatus()).as(path).isEqualTo(200);
            assertThat(r.getHeaders("Set-Cookie")).as(path).noneMatch(c -> c.startsWith(LearnerIdentity.COOKIE));
        }
        assertThat(sandboxes.heldCount()).isEqualTo(held);
    }

    @Test
    void startIsAPostWithTheCsrfTokenAndPreparesTheSandbox() throws Exception {
        Cookie learner = newLearner();
        String start = "/exercises/" + OTHER + "/sandbox/start";
        assertThat(mvc.perform(post(start).cookie(learner))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(sandboxes.status(learner.getValue(), OTHER).state()).isEqualTo(SandboxState.NONE);

        MockHttpServletResponse started = mvc.perform(post(start).with(csrf()).cookie(learner))
                .andReturn()
                .getResponse();
        assertThat(started.getStatus()).as("no JavaScript: back to the page").isEqualTo(302);
        assertThat(started.getRedirectedUrl()).isEqualTo("/exercises/" + OTHER);
        assertThat(sandboxes.status(learner.getValue(), OTHER).state())
                .isIn(SandboxState.PREPARING, SandboxState.READY);

        MockHttpServletResponse fragment = mvc.perform(
                        post(start).with(csrf()).cookie(learner).header("X-Requested-With", "fetch"))
                .andReturn()
                .getResponse();
        assertThat(fragment.getContentAsString()).contains("sandbox-status").doesNotContain("<html");
        sandboxes.release(learner.getValue());
    }

    @Test
    void rotatingTheCookieKeepsTheProgressAndRetiresTheOldId() throws Exception {
        Cookie learner = newLearner();
        assertThat(submitYaml(learner, EXERCISE, catalog.get(EXERCISE).solution()))
                .isEqualTo(200);
        assertThat(progress.solved(learner.getValue())).containsExactly(EXERCISE);

        MockHttpServletResponse rotated = mvc.perform(
                        post("/learner/rotate").with(csrf()).cookie(learner).param("return", "/exercises/" + EXERCISE))
                .andReturn()
                .getResponse();
        assertThat(rotated.getRedirectedUrl()).isEqualTo("/exercises/" + EXERCISE);
        Cookie fresh = rotated.getCookie(LearnerIdentity.COOKIE);
        assertThat(fresh).isNotNull();
        assertThat(fresh.getValue()).isNotEqualTo(learner.getValue());
        assertThat(String.join("\n", rotated.getHeaders("Set-Cookie"))).contains("HttpOnly");

        assertThat(progress.solved(fresh.getValue())).containsExactly(EXERCISE);
        assertThat(progress.history(fresh.getValue(), EXERCISE, 10)).hasSize(1);
        assertThat(progress.solved(learner.getValue()))
                .as("the old id owns nothing")
                .isEmpty();
        assertThat(sandboxes.ready(learner.getValue(), EXERCISE))
                .as("its sandbox is gone")
                .isEmpty();
        String list = mvc.perform(get("/api/exercises").cookie(new Cookie(LearnerIdentity.COOKIE, fresh.getValue())))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(json.readTree(list).findValues("solved").stream()
                        .filter(n -> n.asBoolean())
                        .count())
                .isEqualTo(1);
        assertThat(mvc.perform(post("/learner/rotate").cookie(learner))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .as("CSRF-protected")
                .isEqualTo(403);
    }

    @Test
    void theHistoryKeepsTheNewestFiftyRefusedOnesIncluded() {
        String learner = newLearner().getValue();
        for (int i = 0; i < 57; i++) {
            progress.record(
                    learner,
                    EXERCISE,
                    "attempt: " + i,
                    false,
                    GradeReport.refused(EXERCISE, List.of(GradeReport.Problem.general("refused " + i)), List.of(), 0));
        }
        var history = progress.history(learner, EXERCISE, 1000);
        assertThat(history).hasSize(50);
        assertThat(history.get(0).yaml()).isEqualTo("attempt: 56");
        assertThat(history.get(49).yaml()).isEqualTo("attempt: 7");
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413AndJsonIsBounded() throws Exception {
        Cookie learner = newLearner();
        MockHttpServletResponse big = mvc.perform(post("/api/exercises/" + EXERCISE + "/submissions")
                        .cookie(learner)
                        .contentType("application/yaml")
                        .content(new byte[129 * 1024]))
                .andReturn()
                .getResponse();
        assertThat(big.getStatus()).isEqualTo(413);
        assertThat(big.getContentAsString())
                .contains("larger than 131,072 bytes")
                .contains("it was not read");
        assertThat(progress.history(learner.getValue(), EXERCISE, 10)).isEmpty();

        String deep = "{\"yaml\": \"a: b\", \"extra\": " + "[".repeat(1000) + "]".repeat(1000) + "}";
        MockHttpServletResponse nested = mvc.perform(post("/api/exercises/" + EXERCISE + "/submissions")
                        .cookie(learner)
                        .contentType("application/json")
                        .content(deep))
                .andReturn()
                .getResponse();
        assertThat(nested.getStatus()).isEqualTo(400);
        assertThat(nested.getContentAsString())
                .contains("beyond what the guide reads")
                .contains("nesting depth");

        MockHttpServletResponse form = mvc.perform(post("/exercises/" + EXERCISE + "/submissions")
                        .with(csrf())
                        .cookie(learner)
                        .contentType("application/x-www-form-urlencoded")
                        .content("yaml=" + "x".repeat(300 * 1024)))
                .andReturn()
                .getResponse();
        assertThat(form.getStatus()).isEqualTo(413);
    }
}
