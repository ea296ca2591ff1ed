package io.kubeguide.exercise;

import static io.kubeguide.GuideWebMvcTest.LEARNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.kubeguide.GuideWebMvcTest;
import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.sandbox.SandboxRefusedException;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxState;
import io.kubeguide.sandbox.SandboxStatus;
import io.kubeguide.sandbox.SandboxUnavailableException;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The JSON API for scripts, over a mocked {@link SubmissionService}: reports as the page shows them, refusals. */
@GuideWebMvcTest(ExerciseApiController.class)
class ExerciseApiControllerTest {

    static final String ID = ExerciseControllerTest.ID;

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SubmissionService submissions;

    @Autowired
    ProgressService progress;

    @Autowired
    SandboxService sandboxes;

    private static MockHttpServletRequestBuilder yaml(String body) {
        return yaml(LEARNER, body);
    }

    private static MockHttpServletRequestBuilder yaml(Cookie learner, String body) {
        return post("/api/exercises/" + ID + "/submissions")
                .cookie(learner)
                .contentType("application/yaml")
                .content(body);
    }

    @Test
    void listsTheExercisesWithWhatTheLearnerSolved() throws Exception {
        given(progress.solved(LEARNER.getValue())).willReturn(Set.of(ID));
        mvc.perform(get("/api/exercises").cookie(LEARNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == '" + ID + "')].solved").value(true))
                .andExpect(jsonPath("$[?(@.id == 'services-nodeport')].solved").value(false))
                .andExpect(jsonPath("$[?(@.id == '" + ID + "')].lesson").value("services"));
    }

    @Test
    void aReportCarriesItsHeadlineAndHintsAsHtml() throws Exception {
        given(submissions.submit(eq(LEARNER.getValue()), eq(ID), eq("kind: Service"), any()))
                .willReturn(ExerciseControllerTest.oneOfTwo());
        mvc.perform(yaml("kind: Service"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.headline").value("1 of 2 checks passed"))
                .andExpect(jsonPath("$.summary").value("1 of 2 checks passed."))
                .andExpect(jsonPath("$.passed").value(false))
                .andExpect(jsonPath("$.checks", hasSize(2)))
                .andExpect(jsonPath("$.checks[0].hintHtml").value(nullValue()))
                .andExpect(jsonPath("$.checks[1].hint").value("Leave `type:` out, or set **ClusterIP**."))
                .andExpect(jsonPath("$.checks[1].hintHtml")
                        .value("<p>Leave <code>type:</code> out, or set <strong>ClusterIP</strong>.</p>"))
                .andExpect(jsonPath("$.checks[1].read.href").value("/lessons/services#creating-a-service"));
    }

    @Test
    void jsonBodiesAreGradedLikeYaml() throws Exception {
        given(submissions.submit(any(), eq(ID), eq("kind: Service"), any()))
                .willReturn(ExerciseControllerTest.oneOfTwo());
        mvc.perform(post("/api/exercises/" + ID + "/submissions")
                        .contentType("application/json")
                        .content("{\"yaml\": \"kind: Service\"}"))
                .andExpect(status().isOk())
                .andExpect(cookie().exists(LearnerIdentity.COOKIE))
                .andExpect(jsonPath("$.headline").value("1 of 2 checks passed"));
    }

    @Test
    void aBodyThatIsNoSubmissionIs400InWords() throws Exception {
        mvc.perform(post("/api/exercises/" + ID + "/submissions")
                        .contentType("application/json")
                        .content("[1, 2"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.title").value("Unreadable submission"))
                .andExpect(jsonPath("$.detail", containsString("send YAML (Content-Type: application/yaml)")));
    }

    @Test
    void aSandboxInLineIs429WithItsStatusAndRetryAfter() throws Exception {
        SandboxStatus queued = new SandboxStatus(
                SandboxState.QUEUED, "You are in line: place 3.", 3, Duration.ofSeconds(40), null, null);
        given(submissions.submit(any(), eq(ID), any(), any())).willThrow(new SandboxUnavailableException(queued));
        mvc.perform(yaml("kind: Service"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "40"))
                .andExpect(jsonPath("$.title").value("Your sandbox is not ready"))
                .andExpect(jsonPath("$.detail").value("You are in line: place 3."))
                .andExpect(jsonPath("$.sandbox.state").value("QUEUED"))
                .andExpect(jsonPath("$.sandbox.placeInLine").value(3));
    }

    @Test
    void anUnavailableSandboxIs503() throws Exception {
        SandboxStatus unavailable = new SandboxStatus(
                SandboxState.UNAVAILABLE, "No Kubernetes API here: see the README.", null, null, null, null);
        given(submissions.check(any(), eq(ID), any())).willThrow(new SandboxUnavailableException(unavailable));
        mvc.perform(post("/api/exercises/" + ID + "/check").cookie(LEARNER).contentType("application/json"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().doesNotExist("Retry-After"))
                .andExpect(jsonPath("$.detail").value("No Kubernetes API here: see the README."));
    }

    @Test
    void aFullLineIs429NoSandboxNow() throws Exception {
        given(submissions.submit(any(), eq(ID), any(), any()))
                .willThrow(new SandboxRefusedException("The line is full.", Duration.ofSeconds(20)));
        mvc.perform(yaml("kind: Service"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "20"))
                .andExpect(jsonPath("$.title").value("No sandbox now"))
                .andExpect(jsonPath("$.detail").value("The line is full."));
    }

    @Test
    void submissionsPastTheLearnersBudgetAre429BeforeGrading() throws Exception {
        given(submissions.submit(any(), eq(ID), any(), any())).willReturn(ExerciseControllerTest.oneOfTwo());
        // a learner of its own: the budget is per learner, and the test context outlives a test
        Cookie learner = new Cookie(LearnerIdentity.COOKIE, "rate-limited-0123456789abc");
        // 10 at once, then one a second: on a slow machine a few more pass before the refusal
        int sent = 0;
        MvcResult last;
        do {
            last = mvc.perform(yaml(learner, "kind: Service")).andReturn();
            sent++;
        } while (last.getResponse().getStatus() == 200 && sent < 30);
        assertThat(sent).isBetween(11, 29);
        mvc.perform(yaml(learner, "kind: Service"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.detail", containsString("Too many submissions: at most 10 every 10 seconds.")));
    }

    @Test
    void anUnknownExerciseIs404ProblemJson() throws Exception {
        given(submissions.submit(any(), eq("nope"), any(), any())).willThrow(new ExerciseNotFoundException("nope"));
        mvc.perform(post("/api/exercises/nope/submissions")
                        .cookie(LEARNER)
                        .contentType("application/yaml")
                        .content("a: b"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.title").value("No such exercise"))
                .andExpect(jsonPath("$.detail").value("There is no exercise 'nope'."));
    }

    @Test
    void theStatusIsReadOnly() throws Exception {
        given(sandboxes.status(null, ID)).willReturn(SandboxStatus.none("Press Start to prepare it."));
        mvc.perform(get("/api/exercises/" + ID + "/sandbox"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("NONE"))
                .andExpect(jsonPath("$.message").value("Press Start to prepare it."));
        verify(sandboxes, never()).open(any());
    }
}
