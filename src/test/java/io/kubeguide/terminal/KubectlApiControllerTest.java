package io.kubeguide.terminal;

import static io.kubeguide.GuideWebMvcTest.LEARNER;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.kubeguide.GuideWebMvcTest;
import io.kubeguide.sandbox.SandboxState;
import io.kubeguide.sandbox.SandboxStatus;
import io.kubeguide.sandbox.SandboxUnavailableException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** {@code POST /api/exercises/{id}/kubectl} over a mocked {@link TerminalService}. */
@GuideWebMvcTest(KubectlApiController.class)
class KubectlApiControllerTest {

    static final String ID = "services-clusterip";

    @Autowired
    MockMvc mvc;

    @MockitoBean
    TerminalService terminal;

    private static MockHttpServletRequestBuilder command(String json) {
        return post("/api/exercises/" + ID + "/kubectl")
                .cookie(LEARNER)
                .contentType("application/json")
                .content(json);
    }

    @Test
    void answersTheCommandsExitCodeAndOutput() throws Exception {
        given(terminal.run(eq(LEARNER.getValue()), eq(ID), any(), eq("kubectl get svc"), isNull(), any(), any()))
                .willAnswer(call -> {
                    OutputSink sink = call.getArgument(5);
                    sink.stdout("NAME       TYPE\n");
                    sink.stderr("No resources found.\n");
                    return new KubectlResult(1, false, false, false, 40);
                });
        mvc.perform(command("{\"command\": \"kubectl get svc\"}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.exitCode").value(1))
                .andExpect(jsonPath("$.output").value("NAME       TYPE\nNo resources found.\n"));
    }

    @Test
    void aRefusedCommandIs422InWords() throws Exception {
        given(terminal.run(any(), eq(ID), any(), any(), any(), any(), any()))
                .willThrow(new RefusedCommandException("kubectl exec is not available in the sandbox."));
        mvc.perform(command("{\"command\": \"kubectl exec web -- sh\"}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.title").value("Command refused"))
                .andExpect(jsonPath("$.detail").value("kubectl exec is not available in the sandbox."));
    }

    @Test
    void aSandboxStillPreparingIs429AsForSubmissions() throws Exception {
        SandboxStatus preparing = new SandboxStatus(
                SandboxState.PREPARING, "Your sandbox is being prepared.", null, Duration.ofSeconds(9), null, null);
        given(terminal.run(any(), eq(ID), any(), any(), any(), any(), any()))
                .willThrow(new SandboxUnavailableException(preparing));
        mvc.perform(command("{\"command\": \"kubectl get pods\"}"))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "9"))
                .andExpect(jsonPath("$.title").value("Your sandbox is not ready"))
                .andExpect(jsonPath("$.sandbox.state").value("PREPARING"));
    }

    @Test
    void aBrowserFormCannotRunCommandsAcrossSites() throws Exception {
        mvc.perform(post("/api/exercises/" + ID + "/kubectl")
                        .cookie(LEARNER)
                        .contentType("application/x-www-form-urlencoded")
                        .content("command=kubectl+get+svc"))
                .andExpect(status().isForbidden());
    }
}
