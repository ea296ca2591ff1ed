package io.kubeguide.exercise;

import static io.kubeguide.GuideWebMvcTest.LEARNER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.kubeguide.GuideWebMvcTest;
import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.sandbox.SandboxRefusedException;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxState;
import io.kubeguide.sandbox.SandboxStatus;
import io.kubeguide.sandbox.SandboxUnavailableException;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The exercise page and its fragments, over a mocked {@link SubmissionService} and sandboxes. */
@GuideWebMvcTest(ExerciseController.class)
class ExerciseControllerTest {

    static final String ID = "services-clusterip";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    SubmissionService submissions;

    @Autowired
    SandboxService sandboxes;

    @BeforeEach
    void noSandboxYet() {
        given(sandboxes.status(any(), anyString())).willReturn(SandboxStatus.none("Press Start to prepare it."));
    }

    static GradeReport oneOfTwo() {
        return GradeReport.graded(
                ID,
                List.of(
                        new CheckResult("service-exists", "Service frontend-service exists", true, null, null, null),
                        new CheckResult(
                                "type-clusterip",
                                "its type is ClusterIP",
                                false,
                                "spec.type is NodePort",
                                "Leave `type:` out, or set **ClusterIP**.",
                                "creating-a-service")),
                List.of(),
                12);
    }

    @Test
    void readingThePageShowsTheExerciseAndIssuesNoLearner() throws Exception {
        mvc.perform(get("/exercises/" + ID))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Set-Cookie"))
                .andExpect(content()
                        .string(allOf(
                                containsString("Expose the frontend inside the cluster"),
                                containsString("Sandbox: Not prepared yet."),
                                containsString("Press Start to prepare it."),
                                containsString("<textarea class=\"yaml-editor\""),
                                containsString("class=\"solution-source\""))));
        verify(sandboxes, never()).open(any());
    }

    @Test
    void aFailedCheckShowsItsHintAsHtmlAndTheSectionToRead() throws Exception {
        given(submissions.submit(eq(LEARNER.getValue()), eq(ID), eq("kind: Service"), any()))
                .willReturn(oneOfTwo());
        mvc.perform(fromScript(post("/exercises/" + ID + "/submissions")).param("yaml", "kind: Service"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("1 of 2 checks passed"),
                                containsString("data-passed=\"false\""),
                                containsString(
                                        "<p>Leave <code>type:</code> out, or set <strong>ClusterIP</strong>.</p>"),
                                containsString("href=\"/lessons/services#creating-a-service\""),
                                containsString("Read: creating a service"),
                                containsString("spec.type is NodePort"),
                                not(containsString("<html")))));
    }

    @Test
    void aPlainFormPostGetsTheWholePageWithTheReportAndKeepsTheYaml() throws Exception {
        given(submissions.submit(any(), eq(ID), any(), any())).willReturn(oneOfTwo());
        mvc.perform(post("/exercises/" + ID + "/submissions").with(csrf()).param("yaml", "kind: Service # mine"))
                .andExpect(status().isOk())
                .andExpect(header().string("Set-Cookie", containsString(LearnerIdentity.COOKIE + "=")))
                .andExpect(content()
                        .string(allOf(
                                containsString("<html"),
                                containsString("1 of 2 checks passed"),
                                containsString("kind: Service # mine"))));
    }

    @Test
    void refusedYamlListsItsProblemsOnTheirLines() throws Exception {
        GradeReport refused =
                GradeReport.refused(ID, List.of(new Problem(3, 5, "unknown field \"prots\"")), List.of(), 1);
        given(submissions.submit(any(), eq(ID), any(), any())).willReturn(refused);
        mvc.perform(fromScript(post("/exercises/" + ID + "/submissions")).param("yaml", "x"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("Your YAML was not applied"),
                                containsString("data-line=\"3\""),
                                containsString("class=\"problem-line\""),
                                containsString("href=\"#yaml-" + ID
                                        + "\">Line 3, column 5</a>: unknown field &quot;prots&quot;"))));
    }

    @Test
    void aSandboxStillPreparingIs429WithItsStatusAndTheReasonInWords() throws Exception {
        SandboxStatus preparing = new SandboxStatus(
                SandboxState.PREPARING,
                "Your sandbox is being prepared.",
                null,
                Duration.ofSeconds(7),
                null,
                "embedded");
        given(submissions.submit(any(), eq(ID), any(), any())).willThrow(new SandboxUnavailableException(preparing));
        mvc.perform(fromScript(post("/exercises/" + ID + "/submissions")).param("yaml", "kind: Service"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "7"))
                .andExpect(content()
                        .string(allOf(
                                containsString("Sandbox: Preparing, about 7 s"),
                                containsString("class=\"report\""),
                                containsString("Your sandbox is being prepared."),
                                not(containsString("<html")))));
    }

    @Test
    void aFailedSandboxIs503AndThePlainPageKeepsTheLearnersYaml() throws Exception {
        SandboxStatus failed =
                new SandboxStatus(SandboxState.FAILED, "The sandbox could not be prepared.", null, null, null, null);
        given(submissions.submit(any(), eq(ID), any(), any())).willThrow(new SandboxUnavailableException(failed));
        mvc.perform(post("/exercises/" + ID + "/submissions")
                        .with(csrf())
                        .cookie(LEARNER)
                        .param("yaml", "kind: Service # keep me"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content()
                        .string(allOf(
                                containsString("<html"),
                                containsString("Sandbox: Could not be prepared."),
                                containsString("Use Reset sandbox to try again."),
                                containsString("kind: Service # keep me"))));
    }

    @Test
    void submissionsPastTheLearnersBudgetAreRefusedBeforeGrading() throws Exception {
        given(submissions.submit(any(), eq(ID), any(), any())).willReturn(oneOfTwo());
        Cookie learner = new Cookie(LearnerIdentity.COOKIE, "rate-limited-0123456789abc");
        // 10 at once, then one a second: on a slow machine a few more pass before the refusal
        int sent = 0;
        MvcResult last;
        do {
            last = mvc.perform(submission(learner)).andReturn();
            sent++;
        } while (last.getResponse().getStatus() == 200 && sent < 30);
        assertThat(sent).isBetween(11, 29);
        assertThat(last.getResponse().getStatus()).isEqualTo(429);
        assertThat(last.getResponse().getHeader("Retry-After")).matches("\\d+");
        assertThat(last.getResponse().getContentAsString())
                .contains("Too many submissions: at most 10 every 10 seconds.");
        verify(submissions, times(sent - 1)).submit(eq(learner.getValue()), eq(ID), any(), any());
    }

    /** A submission of a learner of its own: the budget is per learner, and the test context outlives a test. */
    private static MockHttpServletRequestBuilder submission(Cookie learner) {
        return post("/exercises/" + ID + "/submissions")
                .with(csrf())
                .cookie(learner)
                .header("X-Requested-With", "fetch")
                .param("yaml", "kind: Service");
    }

    /** A request as the page's script sends it: the learner's cookie, the CSRF token, asking for a fragment. */
    private static MockHttpServletRequestBuilder fromScript(MockHttpServletRequestBuilder request) {
        return request.with(csrf()).cookie(LEARNER).header("X-Requested-With", "fetch");
    }

    @Test
    void checkMyWorkGradesTheSandboxAsItIs() throws Exception {
        given(submissions.check(eq(LEARNER.getValue()), eq(ID), any())).willReturn(oneOfTwo());
        mvc.perform(fromScript(post("/exercises/" + ID + "/check")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("1 of 2 checks passed")));
    }

    @Test
    void startAnswersTheStatusFragmentOrGoesBackToThePage() throws Exception {
        SandboxStatus queued = new SandboxStatus(SandboxState.QUEUED, "You are in line.", 2, null, null, null);
        given(submissions.prepareSandbox(eq(LEARNER.getValue()), eq(ID), any(), eq(false)))
                .willReturn(queued);
        mvc.perform(fromScript(post("/exercises/" + ID + "/sandbox/start")))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("data-state=\"QUEUED\""),
                                containsString("Sandbox: In line (place 2)."),
                                not(containsString("class=\"report\"")))));
        mvc.perform(post("/exercises/" + ID + "/sandbox/start").with(csrf()).cookie(LEARNER))
                .andExpect(redirectedUrl("/exercises/" + ID));
    }

    @Test
    void aRefusedStartIs429WithRetryAfterAndSaysWhy() throws Exception {
        given(submissions.prepareSandbox(any(), eq(ID), any(), eq(true)))
                .willThrow(new SandboxRefusedException("The line is full. Try again in 30 s.", Duration.ofSeconds(30)));
        mvc.perform(fromScript(post("/exercises/" + ID + "/sandbox/reset")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "30"))
                .andExpect(content()
                        .string(allOf(
                                containsString("class=\"sandbox-status\""),
                                containsString("The line is full. Try again in 30 s."))));
    }

    @Test
    void thePolledStatusNeverStartsASandbox() throws Exception {
        given(sandboxes.status(LEARNER.getValue(), ID))
                .willReturn(new SandboxStatus(SandboxState.READY, null, null, null, null, "embedded"));
        mvc.perform(get("/exercises/" + ID + "/sandbox").cookie(LEARNER))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Sandbox: Ready.")));
        verify(sandboxes, never()).open(any());
    }

    @Test
    void postsWithoutCsrfAreRefused() throws Exception {
        mvc.perform(post("/exercises/" + ID + "/submissions").param("yaml", "x"))
                .andExpect(status().isForbidden());
        verify(submissions, never()).submit(any(), any(), any(), any());
    }

    @Test
    void anUnknownExerciseIsThe404Page() throws Exception {
        mvc.perform(get("/exercises/nope"))
                .andExpect(status().isNotFound())
                .andExpect(content().string(containsString("There is no exercise &#39;nope&#39;.")));
    }
}
