package io.kubeguide.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;

import io.kubeguide.GuideWebMvcTest;
import io.kubeguide.sandbox.SandboxService;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/** {@code POST /learner/rotate} over mocked progress and sandboxes. */
@GuideWebMvcTest(LearnerRotationController.class)
class LearnerRotationControllerTest {

    static final String OLD = "learner-0123456789abcdefghij";

    @Autowired
    MockMvc mvc;

    @Autowired
    ProgressService progress;

    @Autowired
    SandboxService sandboxes;

    @Test
    void aNewCookieTakesTheProgressAlongAndTheOldSandboxGoes() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/learner/rotate")
                        .with(csrf())
                        .cookie(new Cookie(LearnerIdentity.COOKIE, OLD))
                        .param("return", "/lessons/services"))
                .andExpect(redirectedUrl("/lessons/services"))
                .andReturn()
                .getResponse();
        Cookie fresh = response.getCookie(LearnerIdentity.COOKIE);
        assertThat(fresh).isNotNull();
        assertThat(fresh.getValue()).isNotEqualTo(OLD).matches("[A-Za-z0-9_-]{22,64}");
        assertThat(fresh.isHttpOnly()).isTrue();
        verify(progress).moveLearner(OLD, fresh.getValue());
        verify(sandboxes).release(OLD);
    }

    @Test
    void withoutACookieNothingIsIssued() throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/learner/rotate").with(csrf()))
                .andExpect(redirectedUrl("/"))
                .andReturn()
                .getResponse();
        assertThat(response.getCookie(LearnerIdentity.COOKIE)).isNull();
        verify(progress, never()).moveLearner(any(), eq(OLD));
    }
}
