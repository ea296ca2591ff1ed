package io.kubeguide.exercise.view;

import static io.kubeguide.GuideWebMvcTest.LEARNER;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.kubeguide.GuideWebMvcTest;
import io.kubeguide.progress.ProgressService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/** {@code POST /progress/clear} over a mocked {@link ProgressService}. */
@GuideWebMvcTest(ProgressClearController.class)
class ProgressClearControllerTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    ProgressService progress;

    @Test
    void forgetsTheLearnersProgressAndGoesBack() throws Exception {
        mvc.perform(post("/progress/clear")
                        .with(csrf())
                        .cookie(LEARNER)
                        .param("return", "/exercises/services-clusterip"))
                .andExpect(redirectedUrl("/exercises/services-clusterip"));
        verify(progress).clear(LEARNER.getValue());
    }

    @Test
    void withoutALearnerThereIsNothingToForget() throws Exception {
        mvc.perform(post("/progress/clear").with(csrf())).andExpect(redirectedUrl("/"));
        verify(progress, never()).clear(any());
    }

    @Test
    void goesBackOnlyToAPathOfThisSite() throws Exception {
        for (String elsewhere : new String[] {"//evil.example/x", "https://evil.example/", "/\\evil.example"}) {
            mvc.perform(post("/progress/clear").with(csrf()).cookie(LEARNER).param("return", elsewhere))
                    .andExpect(redirectedUrl("/"));
        }
    }

    @Test
    void needsTheCsrfToken() throws Exception {
        mvc.perform(post("/progress/clear").cookie(LEARNER)).andExpect(status().isForbidden());
        verify(progress, never()).clear(any());
    }
}
