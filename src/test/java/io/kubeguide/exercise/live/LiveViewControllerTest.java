package io.kubeguide.exercise.live;

import static io.kubeguide.GuideWebMvcTest.LEARNER;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.GuideWebMvcTest;
import io.kubeguide.sandbox.Sandbox;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxState;
import io.kubeguide.sandbox.SandboxStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** {@code GET /api/exercises/{id}/live} over mocked sandboxes and a mocked {@link LiveViewReader}. */
@GuideWebMvcTest(LiveViewController.class)
class LiveViewControllerTest {

    static final String ID = "services-clusterip";

    @Autowired
    MockMvc mvc;

    @Autowired
    SandboxService sandboxes;

    @MockitoBean
    LiveViewReader reader;

    @Test
    void withoutALearnerItSaysHowTheSandboxAppears() throws Exception {
        mvc.perform(get("/api/exercises/" + ID + "/live"))
                .andExpect(status().isOk())
                .andExpect(header().string("Cache-Control", "no-store"))
                .andExpect(jsonPath("$.error").value("Submit once and your sandbox appears here."));
        verify(sandboxes, never()).ready(any(), any());
    }

    @Test
    void aSandboxNotReadyIsExplainedInItsOwnWords() throws Exception {
        given(sandboxes.status(LEARNER.getValue(), ID))
                .willReturn(new SandboxStatus(SandboxState.QUEUED, "You are in line: place 2.", 2, null, null, null));
        mvc.perform(get("/api/exercises/" + ID + "/live").cookie(LEARNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.error").value("You are in line: place 2."));
    }

    @Test
    void aReadySandboxIsReadInItsOwnNamespace() throws Exception {
        Sandbox sandbox = mock(Sandbox.class);
        KubernetesClient admin = mock(KubernetesClient.class);
        given(sandbox.adminClient()).willReturn(admin);
        given(sandbox.namespace()).willReturn("kg-learner-1");
        given(sandboxes.status(LEARNER.getValue(), ID))
                .willReturn(new SandboxStatus(SandboxState.READY, null, null, null, null, "embedded"));
        given(sandboxes.ready(LEARNER.getValue(), ID)).willReturn(Optional.of(sandbox));
        given(reader.read(admin, "kg-learner-1"))
                .willReturn(new LiveView(
                        "kg-learner-1",
                        List.of(),
                        List.of(),
                        List.of(new LiveView.PodRow(
                                "web-1", "1/1", true, "Running", "10.244.0.7", "kwok-node-0", "app=web", null)),
                        List.of(),
                        null));
        mvc.perform(get("/api/exercises/" + ID + "/live").cookie(LEARNER))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.namespace").value("kg-learner-1"))
                .andExpect(jsonPath("$.pods[0].name").value("web-1"))
                .andExpect(jsonPath("$.pods[0].status").value("Running"));
    }

    @Test
    void anUnknownExerciseIs404() throws Exception {
        mvc.perform(get("/api/exercises/nope/live")).andExpect(status().isNotFound());
    }
}
