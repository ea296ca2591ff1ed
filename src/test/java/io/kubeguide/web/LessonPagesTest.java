package io.kubeguide.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.cookie;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import io.kubeguide.content.ContentSource;
import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.lesson.LessonCatalog;
import io.kubeguide.pages.SharedPages;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.MockMvc;

/** The pages of the lesson feature, through the web layer (layout, security headers, errors), without a database. */
// Only the lesson pages: the exercise, progress and sandbox controllers need a cluster and a database.
@WebMvcTest(
        excludeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = "io\\.kubeguide\\.(exercise|progress|sandbox|terminal|teach|authoring)\\..*"))
@Import({SecurityConfig.class, SharedPages.class, LessonPagesTest.LessonBeans.class})
// Spring Boot 4 moved the security slice support to spring-boot-security-test; these three are what it would import.
@ImportAutoConfiguration({
    SecurityAutoConfiguration.class,
    ServletWebSecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class
})
class LessonPagesTest {

    @ComponentScan(basePackageClasses = {LessonCatalog.class, ContentSource.class})
    static class LessonBeans {
        // the layout lists each lesson's exercises (LayoutModel)
        @Bean
        ExerciseCatalog exerciseCatalog(ContentSource content) {
            return new ExerciseCatalog(content);
        }
    }

    @Autowired
    MockMvc mvc;

    @Test
    void homeListsTheCourseInOrderWithSummaries() throws Exception {
        mvc.perform(get("/"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("<span class=\"course-title\">Services</span>"),
                                containsString("<span class=\"course-title\">Storage</span>"),
                                containsString("stable name and address"),
                                containsString("href=\"/lessons/services\""),
                                containsString("href=\"/static/css/guide.css\""))))
                .andExpect(content()
                        .string(Matchers.stringContainsInOrder("course-title\">Services", "course-title\">Storage")));
    }

    @Test
    void withoutASignInProviderThereIsNoAccountLinkAndNoSignIn() throws Exception {
        mvc.perform(get("/lessons/services")).andExpect(content().string(not(containsString("account-link"))));
        mvc.perform(get("/account")).andExpect(status().isNotFound());
        mvc.perform(get("/oauth2/authorization/oidc")).andExpect(status().isNotFound());
    }

    @Test
    void servicesLessonIsRenderedInTheLayoutWithTocAndNext() throws Exception {
        mvc.perform(get("/lessons/services"))
                .andExpect(status().isOk())
                .andExpect(model().attributeExists("lesson", "next"))
                .andExpect(content()
                        .string(allOf(
                                containsString("<h1>Services</h1>"),
                                containsString("id=\"toc\""),
                                containsString("href=\"#debugging-a-service-with-no-endpoints\""),
                                containsString("<h3 id=\"clusterip\">"),
                                containsString("<code class=\"language-yaml\">"),
                                containsString("rel=\"next\" href=\"/lessons/storage\""),
                                containsString("data-section=\"creating-a-service\""),
                                containsString("aria-current=\"page\""),
                                // the outline (LayoutModel): the lesson's exercises, listed under the open lesson
                                containsString("data-lesson-progress=\"services\""),
                                containsString("<li data-exercise-id=\"services-clusterip\">"),
                                not(containsString("rel=\"prev\"")))));
    }

    @Test
    void storageLessonLinksBackToServices() throws Exception {
        mvc.perform(get("/lessons/storage"))
                .andExpect(status().isOk())
                .andExpect(content()
                        .string(allOf(
                                containsString("<h1>Storage</h1>"),
                                containsString("rel=\"prev\" href=\"/lessons/services\""),
                                containsString("<h2 id=\"access-modes\">"),
                                not(containsString("rel=\"next\"")))));
    }

    @Test
    void unknownLessonIsA404PageInsideTheLayout() throws Exception {
        mvc.perform(get("/lessons/networking"))
                .andExpect(status().isNotFound())
                .andExpect(view().name("error/404"))
                .andExpect(content()
                        .string(allOf(
                                containsString("Page not found"),
                                containsString("There is no lesson called"),
                                containsString("id=\"sidebar\""),
                                containsString("class=\"site-header\""),
                                // the layout's model comes with an error page made by an exception handler too
                                containsString("<span>Kubernetes Mastery Guide</span>"),
                                containsString("href=\"/lessons/storage\""),
                                not(containsString("Exception")))));
    }

    @Test
    void readingALessonCreatesNoSessionAndSendsSecurityHeaders() throws Exception {
        mvc.perform(get("/lessons/services"))
                .andExpect(result ->
                        assertThat(result.getRequest().getSession(false)).isNull())
                .andExpect(header().string("Content-Security-Policy", SecurityConfig.CONTENT_SECURITY_POLICY))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(result -> assertThat(result.getResponse().getHeaders("Set-Cookie"))
                        .noneMatch(c -> c.contains("JSESSIONID")))
                // the CSRF token for our scripts: a cookie they can read (not HttpOnly), no session behind it
                .andExpect(cookie().httpOnly("XSRF-TOKEN", false))
                .andExpect(content().string(not(containsString("<script>"))));
    }

    @Test
    void postWithoutCsrfTokenIsRefused() throws Exception {
        mvc.perform(post("/lessons/services")).andExpect(status().isForbidden());
    }
}
