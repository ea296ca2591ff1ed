package io.kubeguide.teach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.kubeguide.GuideApplication;
import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.grading.GradeReport.CheckResult;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.progress.ProgressService;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * The teachers' pages through HTTP on the whole guide (real H2, real security chains; no sandbox is needed, so none
 * starts): the sign-in and what it protects, escaping of what learners caused, and that no YAML or learner id shows.
 * The figures from really graded submissions are {@link TeachDashboardIT}'s.
 */
@SpringBootTest(
        classes = GuideApplication.class,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:teach-pages-it;DB_CLOSE_DELAY=-1",
            "guide.sandbox.provider=embedded",
            "guide.embedded.work-dir=target/teach-pages-it",
            "guide.teacher.username=ms-lovelace",
        })
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TeachPagesIT {

    static final String PASSWORD = "correct horse battery staple";
    static final String YAML_MARKER = "learner-yaml-nobody-else-sees";
    static final String HOSTILE = "selector <script>alert('x')</script> & \"quotes\" matches 0 Pods";

    @DynamicPropertySource
    static void teacher(DynamicPropertyRegistry registry) {
        registry.add("guide.teacher.password-hash", () -> "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD));
    }

    @Autowired
    MockMvc mvc;

    @Autowired
    ProgressService progress;

    final String learnerA =
            "learnerAAAAAAAAAAAAAAAAAAAAAA" + UUID.randomUUID().toString().substring(0, 6);
    final String learnerB =
            "learnerBBBBBBBBBBBBBBBBBBBBBB" + UUID.randomUUID().toString().substring(0, 6);

    private static GradeReport graded(String routesFailure) {
        return GradeReport.graded(
                "services-clusterip",
                List.of(
                        new CheckResult("type-clusterip", "its type is ClusterIP", true, "ClusterIP", null, "x"),
                        new CheckResult(
                                "routes-to-pods",
                                "it routes <to> the Pods",
                                routesFailure == null,
                                routesFailure == null ? "routes" : routesFailure,
                                "a hint",
                                "x")),
                List.of(),
                10);
    }

    @BeforeAll
    void submissions() {
        store(learnerA, graded(HOSTILE));
        store(learnerA, graded(null));
        store(learnerB, graded(HOSTILE));
        store(
                learnerB,
                GradeReport.refused(
                        "services-clusterip",
                        List.of(new Problem(6, 5, "Service web: unknown field \"spec.selctor\" (line 6)")),
                        List.of(),
                        1));
    }

    private void store(String learner, GradeReport report) {
        progress.record(learner, "services-clusterip", "# " + YAML_MARKER, report.passed(), report);
    }

    private static MockHttpServletRequestBuilder from(MockHttpServletRequestBuilder request, String address) {
        return request.with(r -> {
            r.setRemoteAddr(address);
            return r;
        });
    }

    private MockHttpSession signIn(String address) throws Exception {
        MockHttpSession session = new MockHttpSession();
        String before = session.getId();
        MvcResult result = mvc.perform(from(post("/teach/login"), address)
                        .session(session)
                        .param("username", "ms-lovelace")
                        .param("password", PASSWORD)
                        .with(csrf()))
                .andReturn();
        assertThat(result.getResponse().getRedirectedUrl()).isEqualTo("/teach");
        MockHttpSession signedIn = (MockHttpSession) result.getRequest().getSession(false);
        assertThat(signedIn.getId())
                .as("session fixation: a new session id on sign-in")
                .isNotEqualTo(before);
        return signedIn;
    }

    @Test
    void strangersAreSentToTheSignInAndSeeNoFigure() throws Exception {
        for (String path : List.of("/teach", "/teach/", "/teach.csv", "/teach/checks.csv", "/teach/refusals.csv")) {
            MockHttpServletResponse response =
                    mvc.perform(get(path)).andReturn().getResponse();
            assertThat(response.getStatus()).as(path).isEqualTo(302);
            assertThat(response.getRedirectedUrl()).as(path).endsWith("/teach/login");
            assertThat(response.getContentAsString()).as(path).doesNotContain("services-clusterip");
            assertThat(String.valueOf(response.getHeader("Set-Cookie")))
                    .as(path)
                    .doesNotContain("JSESSIONID");
        }
        MockHttpServletResponse page =
                mvc.perform(get("/teach/login")).andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString())
                .contains("Sign in to the dashboard", "name=\"_csrf\"", "autocomplete=\"current-password\"")
                .doesNotContain("services-clusterip", "dashboard is off");
        // the guide's headers on the teachers' chain too, and still on the public one
        assertThat(page.getHeader("Content-Security-Policy")).startsWith("default-src 'self'");
        assertThat(page.getHeader("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.getHeader("Cache-Control")).contains("no-store");
        assertThat(mvc.perform(get("/")).andReturn().getResponse().getHeader("Content-Security-Policy"))
                .startsWith("default-src 'self'");
        // a learner's own cookie opens nothing
        assertThat(mvc.perform(get("/teach").cookie(new jakarta.servlet.http.Cookie("guide_learner", learnerA)))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(302);
    }

    @Test
    void signInNeedsTheCsrfTokenAndTheRightPassword() throws Exception {
        assertThat(mvc.perform(from(post("/teach/login"), "10.0.0.1")
                                .param("username", "ms-lovelace")
                                .param("password", PASSWORD))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        MockHttpServletResponse wrong = mvc.perform(from(post("/teach/login"), "10.0.0.1")
                        .param("username", "ms-lovelace")
                        .param("password", "wrong")
                        .with(csrf()))
                .andReturn()
                .getResponse();
        assertThat(wrong.getRedirectedUrl()).isEqualTo("/teach/login?error");
        assertThat(mvc.perform(get("/teach/login?error"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("Wrong username or password.");
    }

    @Test
    void theDashboardShowsFiguresAndMessagesEscapedButNoYamlAndNoLearnerId() throws Exception {
        MockHttpSession teacher = signIn("10.0.0.2");
        String page = mvc.perform(get("/teach").session(teacher))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("Where learners get stuck", "2 learners", "4 submissions")
                .contains("data-exercise=\"services-clusterip\"")
                // the message in the table and in the chart's description, as text, never as markup
                .contains(
                        "selector &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quotes&quot; matches 0 Pods")
                .contains("it routes &lt;to&gt; the Pods")
                .doesNotContain("<script>alert", "<to>")
                .contains("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\" role=\"img\"")
                .contains("Unknown field")
                .doesNotContain(YAML_MARKER, learnerA, learnerB);

        MockHttpServletResponse csv = mvc.perform(get("/teach/checks.csv").session(teacher))
                .andReturn()
                .getResponse();
        assertThat(csv.getStatus()).isEqualTo(200);
        assertThat(csv.getContentType()).isEqualTo("text/csv;charset=UTF-8");
        assertThat(csv.getHeader("Content-Disposition")).isEqualTo("attachment; filename=\"teach-checks.csv\"");
        assertThat(csv.getContentAsString())
                .contains("services-clusterip,routes-to-pods,it routes <to> the Pods,3,2,0.6667,\"selector <script>")
                .doesNotContain(YAML_MARKER, learnerA);

        MockHttpServletResponse out = mvc.perform(
                        post("/teach/logout").session(teacher).with(csrf()))
                .andReturn()
                .getResponse();
        assertThat(out.getRedirectedUrl()).isEqualTo("/teach/login?signed-out");
        assertThat(teacher.isInvalid()).isTrue();
        assertThat(mvc.perform(get("/teach").session(teacher))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(302);
    }

    @Test
    void failedSignInsFromOneAddressAreThrottledEvenBeforeTheRightPassword() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(mvc.perform(from(post("/teach/login"), "10.0.0.3")
                                    .param("username", "ms-lovelace")
                                    .param("password", "guess " + i)
                                    .with(csrf()))
                            .andReturn()
                            .getResponse()
                            .getRedirectedUrl())
                    .isEqualTo("/teach/login?error");
        }
        MockHttpServletResponse sixth = mvc.perform(from(post("/teach/login"), "10.0.0.3")
                        .param("username", "ms-lovelace")
                        .param("password", PASSWORD)
                        .with(csrf()))
                .andReturn()
                .getResponse();
        assertThat(sixth.getRedirectedUrl()).matches("/teach/login\\?throttled=\\d+");
        assertThat(mvc.perform(get(sixth.getRedirectedUrl()))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .containsPattern("Too many sign-in attempts from your network address. Try again in \\d+ s.");
        // another address is not held back
        signIn("10.0.0.4");
    }
}
