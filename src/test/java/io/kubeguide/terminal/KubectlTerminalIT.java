package io.kubeguide.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.kubeguide.exercise.EngineTestSupport;
import io.kubeguide.progress.LearnerIdentity;
import jakarta.servlet.http.Cookie;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The terminal's rules on the embedded control plane, through the JSON API (the WebSocket runs the same
 * {@link TerminalService}): real kubectl of the API server's version with the learner's own credentials.
 */
class KubectlTerminalIT extends EngineTestSupport {

    private static final String EXERCISE = "services-clusterip";

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    private final Cookie learner = new Cookie(LearnerIdentity.COOKIE, "terminalit00000000000000000");

    @Test
    void aLearnerSolvesAnExerciseWithKubectlWithinTheFence() throws Exception {
        // kubectl get pods lists the 3 web Pods of the exercise's setup
        JsonNode pods = null;
        for (int i = 0; i < 60; i++) {
            pods = kubectl("kubectl get pods -l app=web");
            if (pods.path("output")
                            .asString()
                            .lines()
                            .filter(l -> l.startsWith("web-") && l.contains("Running"))
                            .count()
                    == 3) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(pods.path("exitCode").asInt()).isZero();
        assertThat(pods.path("output").asString()).startsWith("NAME").contains("READY", "STATUS");
        assertThat(pods.path("output").asString().lines().filter(l -> l.startsWith("web-") && l.contains("Running")))
                .hasSize(3);
        String namespace = kubectl("k get deployment web -o jsonpath={.metadata.namespace}")
                .path("output")
                .asString();
        assertThat(namespace).isNotBlank().doesNotContain(" ");

        // another namespace: refused by the guide before kubectl runs, in words
        MvcResult refused = send("kubectl get secrets -n kube-system", 422);
        assertThat(body(refused).path("detail").asString())
                .contains("your sandbox namespace '" + namespace + "' only", "not 'kube-system'");

        // its own namespace: the API server's RBAC says no
        JsonNode deleteNs = kubectl("kubectl delete ns " + namespace);
        assertThat(deleteNs.path("exitCode").asInt()).isNotZero();
        assertThat(deleteNs.path("output").asString())
                .contains("forbidden")
                .contains("system:serviceaccount:" + namespace + ":");

        // not solved yet: Check my work grades the sandbox as it is
        JsonNode before = check();
        assertThat(before.path("passed").asBoolean()).isFalse();

        JsonNode expose = kubectl("kubectl expose deployment web --name frontend-service --port 80 --target-port 8080");
        assertThat(expose.path("exitCode").asInt()).as(expose.toString()).isZero();
        assertThat(expose.path("output").asString()).contains("service/frontend-service exposed");
        JsonNode after = check();
        assertThat(after.path("passed").asBoolean()).as(after.toString()).isTrue();
        assertThat(after.path("checks"))
                .allSatisfy(c -> assertThat(c.path("passed").asBoolean()).isTrue());

        // pasted YAML after 'kubectl apply -f -'
        JsonNode apply = kubectl(
                "kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: pasted\n" + "data:\n  k: v\n");
        assertThat(apply.path("output").asString()).contains("configmap/pasted created");
    }

    @Test
    void aCommandThatHangsIsEndedAtTheTimeLimitAndLeavesNoProcess() throws Exception {
        kubectl("kubectl get pods"); // the sandbox is ready
        AtomicInteger seenRunning = new AtomicInteger();
        Thread observer = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                seenRunning.accumulateAndGet(kubectlProcesses().size(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        observer.start();
        long start = System.nanoTime();
        JsonNode watch = kubectl("kubectl get pods -w");
        observer.interrupt();
        assertThat(seenRunning.get())
                .as("kubectl was seen running while it watched")
                .isEqualTo(1);
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertThat(watch.path("exitCode").asInt()).isEqualTo(KubectlResult.TIMED_OUT);
        assertThat(watch.path("output").asString()).contains("Ended after 10 s");
        assertThat(seconds).isBetween(9L, 20L);
        assertThat(kubectlProcesses()).as("kubectl processes left behind").isEmpty();
        assertThat(Files.list(Path.of(System.getProperty("java.io.tmpdir")))
                        .filter(p -> p.getFileName().toString().startsWith("kubectl-"))
                        .toList())
                .as("temporary kubeconfig directories left behind")
                .isEmpty();
    }

    private JsonNode kubectl(String command) throws Exception {
        return body(send(command, 200));
    }

    private MvcResult send(String command, int status) throws Exception {
        MvcResult result = mvc.perform(MockMvcRequestBuilders.post("/api/exercises/" + EXERCISE + "/kubectl")
                        .cookie(learner)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("command", command))))
                .andReturn();
        assertThat(result.getResponse().getStatus())
                .as(result.getResponse().getContentAsString())
                .isEqualTo(status);
        return result;
    }

    private JsonNode check() throws Exception {
        MvcResult result = mvc.perform(post("/api/exercises/" + EXERCISE + "/check")
                        .cookie(learner)
                        .contentType(MediaType.APPLICATION_JSON))
                .andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return body(result);
    }

    private JsonNode body(MvcResult result) throws Exception {
        return json.readTree(result.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    /** This JVM's child processes running kubectl (argv[0] .../kubectl) right now. */
    static List<Long> kubectlProcesses() {
        return ProcessHandle.current()
                .descendants()
                .filter(p -> {
                    try {
                        String cmdline = new String(
                                Files.readAllBytes(Path.of("/proc", String.valueOf(p.pid()), "cmdline")),
                                StandardCharsets.UTF_8);
                        return cmdline.split("\u0000", 2)[0].endsWith("/kubectl");
                    } catch (IOException e) {
                        return false;
                    }
                })
                .map(ProcessHandle::pid)
                .toList();
    }
}
