package io.kubeguide.teach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.kubeguide.GuideApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.MockMvc;

/** A guide with no teacher password hash: the dashboard is off, says how to turn it on, and no password opens it. */
@SpringBootTest(
        classes = GuideApplication.class,
        properties = {
            "spring.datasource.url=jdbc:h2:mem:teach-off-it;DB_CLOSE_DELAY=-1",
            "guide.sandbox.provider=embedded",
            "guide.embedded.work-dir=target/teach-off-it",
        })
@AutoConfigureMockMvc
class TeachSignInOffIT {

    @Autowired
    MockMvc mvc;

    @Test
    void theSignInPageSaysTheDashboardIsOffAndHowToTurnItOn() throws Exception {
        assertThat(mvc.perform(get("/teach")).andReturn().getResponse().getRedirectedUrl())
                .isEqualTo("/teach/login");
        String page = mvc.perform(get("/teach/login")).andReturn().getResponse().getContentAsString();
        assertThat(page)
                .contains("The teachers' dashboard is off", "GUIDE_TEACHER_PASSWORD_HASH", "htpasswd")
                .doesNotContain("type=\"password\"");
        for (String password : new String[] {"", "teacher", "password", "admin"}) {
            assertThat(mvc.perform(post("/teach/login")
                                    .param("username", "teacher")
                                    .param("password", password)
                                    .with(csrf()))
                            .andReturn()
                            .getResponse()
                            .getRedirectedUrl())
                    .isEqualTo("/teach/login?error");
        }
    }
}
