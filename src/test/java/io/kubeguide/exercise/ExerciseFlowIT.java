package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.progress.ProgressService;
import io.kubeguide.sandbox.Sandbox;
import io.kubeguide.sandbox.SandboxService;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A learner's path through HTTP, on the real application and the embedded control plane (no mocks). */
class ExerciseFlowIT extends EngineTestSupport {

    static final String EXERCISE = "services-clusterip";
    static final String API = "/api/exercises/" + EXERCISE + "/submissions";

    @Autowired
    MockMvc mvc;

    @Autowired
    ExerciseCatalog catalog;

    @Autowired
    ProgressService progress;

    @Autowired
    SandboxService sandboxes;

    @Autowired
    JsonMapper json;

    static Cookie newLearner() {
        return new Cookie(LearnerIdentity.COOKIE, UUID.randomUUID().toString().replace("-", ""));
    }

    JsonNode submit(Cookie learner, String exercise, String yaml) throws Exception {
        MockHttpServletResponse response = mvc.perform(post("/api/exercises/" + exercise + "/submissions")
                        .cookie(learner)
                        .contentType("application/yaml")
                        .content(yaml))
                .andReturn()
                .getResponse();
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        return json.readTree(response.getContentAsString());
    }

    static Map<String, JsonNode> checks(JsonNode report) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        report.get("checks").forEach(c -> byId.put(c.get("id").asString(), c));
        return byId;
    }

    static List<String> failed(JsonNode report) {
        List<String> ids = new ArrayList<>();
        report.get("checks").forEach(c -> {
            if (!c.get("passed").asBoolean()) {
                ids.add(c.get("id").asString());
            }
        });
        return ids;
    }

    static String problems(JsonNode report) {
        List<String> messages = new ArrayList<>();
        report.get("problems").forEach(p -> messages.add(p.get("message").asString()));
        return String.join("\n", messages);
    }

    private KubernetesClient admin(Cookie learner, String exercise) throws Exception {
        return sandbox(learner, exercise).adminClient();
    }

    private static ExerciseSpec.WrongAnswer wrong(ExerciseSpec spec, String why) {
        return spec.wrong().stream()
                .filter(w -> w.why().contains(why))
                .findFirst()
                .orElseThrow();
    }

    private Sandbox sandbox(Cookie learner, String exercise) throws Exception {
        return sandboxes.awaitReady(
                SubmissionService.request(learner.getValue(), catalog.get(exercise)), Duration.ofSeconds(60));
    }

    @Test
    void solutionPassesAndEachWrongAnswerFailsOnItsCheckWithAUsefulMessage() throws Exception {
        ExerciseSpec spec = catalog.get(EXERCISE);
        Cookie learner = newLearner();

        JsonNode report = submit(learner, EXERCISE, spec.solution());
        assertThat(report.get("passed").asBoolean()).as(report.toString()).isTrue();
        assertThat(checks(report)).hasSize(6);
        assertThat(checks(report).get("routes-to-pods").get("message").asString())
                .isEqualTo("port 80 routes to 3 ready endpoints on port 8080");
        assertThat(report.get("problems")).isEmpty();

        JsonNode selector =
                submit(learner, EXERCISE, wrong(spec, "selector names a label").yaml());
        assertThat(checks(selector).get("selects-web-pods").get("message").asString())
                .isEqualTo("selector app=webapp matches 0 Pods; Pods here are labelled app=web,tier=frontend");
        assertThat(checks(selector).get("routes-to-pods").get("message").asString())
                .startsWith("selector app=webapp matches 0 Pods");
        assertThat(checks(selector).get("routes-to-pods").get("hint").asString())
                .contains("targetPort");
        assertThat(checks(selector).get("routes-to-pods").get("section").asString())
                .isEqualTo("named-ports");
        // nothing to wait for: the selector matches no Pod and none is coming
        assertThat(selector.get("gradedMillis").asLong()).isLessThan(5000);

        JsonNode targetPort = submit(
                learner,
                EXERCISE,
                wrong(spec, "targetPort points at the Service port").yaml());
        assertThat(checks(targetPort).get("routes-to-pods").get("message").asString())
                .isEqualTo("port 80 does not reach port 8080 of the Pods: it sends traffic to targetPort 80, which "
                        + "the Pods' containers do not declare (they declare 8080 named http)");
        assertThat(failed(targetPort)).containsExactly("routes-to-pods");

        JsonNode externalName =
                submit(learner, EXERCISE, wrong(spec, "ExternalName").yaml());
        assertThat(checks(externalName).get("type-clusterip").get("message").asString())
                .isEqualTo("spec.type is ExternalName; expected ClusterIP");

        // the same grading through a JSON body; back to a passing Service
        MockHttpServletResponse response = mvc.perform(post(API)
                        .cookie(learner)
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(json.writeValueAsString(Map.of("yaml", spec.solution()))))
                .andReturn()
                .getResponse();
        assertThat(json.readTree(response.getContentAsString()).get("passed").asBoolean())
                .as(response.getContentAsString())
                .isTrue();
        assertThat(progress.solved(learner.getValue())).containsExactly(EXERCISE);
    }

    @Test
    void aRenamedServiceDoesNotLinger() throws Exception {
        ExerciseSpec spec = catalog.get(EXERCISE);
        Cookie learner = newLearner();
        assertThat(submit(learner, EXERCISE, spec.solution()).get("passed").asBoolean())
                .isTrue();
        JsonNode renamed =
                submit(learner, EXERCISE, spec.solution().replace("name: frontend-service", "name: frontend"));
        assertThat(failed(renamed)).contains("service-exists");
        assertThat(checks(renamed).get("service-exists").get("message").asString())
                .isEqualTo("there is no Service named frontend-service in your sandbox; Services here: frontend");
        Sandbox sandbox = sandbox(learner, EXERCISE);
        assertThat(sandbox.adminClient()
                        .apps()
                        .deployments()
                        .inNamespace(sandbox.namespace())
                        .withName("web")
                        .get())
                .as("setup objects stay")
                .isNotNull();
    }

    @Test
    void refusedSubmissionsLeaveTheSandboxAndProgressIntact() throws Exception {
        ExerciseSpec spec = catalog.get(EXERCISE);
        Cookie learner = newLearner();
        assertThat(submit(learner, EXERCISE, spec.solution()).get("passed").asBoolean())
                .isTrue();

        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (char c = 'b'; c <= 'k'; c++) {
            bomb.append(c)
                    .append(": &")
                    .append(c)
                    .append(" [")
                    .append(("*" + (char) (c - 1) + ", ").repeat(8))
                    .append('*')
                    .append((char) (c - 1))
                    .append("]\n");
        }
        String service = spec.solution();
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("apiVersion: v1\nkind: Service\nmetadata:\n  name: frontend-service\n  labels: [a\n", "line 6");
        refused.put(bomb.toString(), "too many aliases");
        // over the validator's 64 KiB, under the API's 128 KiB body limit (beyond it: 413, unread; see
        // ExerciseSafetyIT)
        refused.put(service + "  # " + "x".repeat(80 * 1024) + "\n", "the limit is 65,536 bytes");
        refused.put(
                service.replace("kind: Service", "kind: ConfigMap"),
                "kind ConfigMap is not part of this exercise; allowed: Service");
        refused.put(
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: admin-ish\n"
                        + "rules: []\n",
                "kind ClusterRole is cluster-scoped and not part of this exercise");
        refused.put(
                service.replace("  name: frontend-service\n", "  name: frontend-service\n  namespace: default\n"),
                "metadata.namespace is 'default'");
        refused.put(service.replace("app: web", "app: !!java.net.URL web"), "is not allowed");
        refused.put(service.replace("targetPort: http", "targetPort: http\n      portz: 1"), "portz");
        refused.put(service.replace("port: 80", "port: 70000"), "spec.ports[0].port");

        for (Map.Entry<String, String> bad : refused.entrySet()) {
            JsonNode r = submit(learner, EXERCISE, bad.getKey());
            assertThat(r.get("passed").asBoolean()).isFalse();
            assertThat(r.get("checks")).as("not graded").isEmpty();
            assertThat(problems(r)).as(r.toString()).contains(bad.getValue());
            assertThat(r.get("problems").get(0).get("message").asString()).isNotBlank();
        }
        // an API-server error points at the YAML line of the field
        JsonNode port = submit(learner, EXERCISE, service.replace("port: 80", "port: 70000"));
        assertThat(port.get("problems").get(0).get("line").asInt()).isEqualTo(12);
        assertThat(problems(port)).contains("(line 12)");

        Sandbox sandbox = sandbox(learner, EXERCISE);
        Service live = sandbox.adminClient()
                .services()
                .inNamespace(sandbox.namespace())
                .withName("frontend-service")
                .get();
        assertThat(live.getSpec().getSelector()).containsEntry("app", "web").containsEntry("tier", "frontend");
        assertThat(live.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(progress.solved(learner.getValue())).containsExactly(EXERCISE);
        JsonNode list = json.readTree(mvc.perform(get("/api/exercises").cookie(learner))
                .andReturn()
                .getResponse()
                .getContentAsString());
        list.forEach(e -> {
            if (e.get("id").asString().equals(EXERCISE)) {
                assertThat(e.get("solved").asBoolean()).isTrue();
            }
        });
        assertThat(progress.history(learner.getValue(), EXERCISE, 100)).hasSize(1 + refused.size() + 1);
    }

    @Test
    void theFenceRefusesPrivilegedPodsAndHostPathVolumes() throws Exception {
        ExerciseSpec spec = catalog.get("fenced-pod");
        Cookie learner = newLearner();
        JsonNode good = submit(learner, "fenced-pod", spec.solution());
        assertThat(good.get("passed").asBoolean()).as(good.toString()).isTrue();
        assertThat(good.get("warnings").toString())
                .as("restricted-level advice")
                .contains("restricted");

        String privileged = spec.solution() + "      securityContext:\n        privileged: true\n";
        JsonNode p = submit(learner, "fenced-pod", privileged.replace("name: plain", "name: root"));
        assertThat(problems(p)).contains("privileged");
        String hostPath = spec.solution().replace("name: plain", "name: disk") + "      volumeMounts:\n"
                + "        - {name: host, mountPath: /host}\n  volumes:\n    - name: host\n"
                + "      hostPath: {path: /etc}\n";
        JsonNode h = submit(learner, "fenced-pod", hostPath);
        assertThat(problems(h)).contains("hostPath");

        Sandbox sandbox = sandbox(learner, "fenced-pod");
        assertThat(sandbox.adminClient()
                        .pods()
                        .inNamespace(sandbox.namespace())
                        .withName("plain")
                        .get())
                .isNotNull();
        assertThat(sandbox.adminClient()
                        .pods()
                        .inNamespace(sandbox.namespace())
                        .withName("root")
                        .get())
                .isNull();
        assertThat(progress.solved(learner.getValue())).containsExactly("fenced-pod");
    }

    @Test
    void rateLimitAnswers429WithRetryAfter() throws Exception {
        Cookie learner = newLearner();
        MockHttpServletResponse last = null;
        for (int i = 0; i < 80; i++) { // 40 per 60 s, refilled greedily while we send
            last = mvc.perform(post(API)
                            .cookie(learner)
                            .contentType("application/yaml")
                            .content("a: [\n"))
                    .andReturn()
                    .getResponse();
            if (last.getStatus() == 429) {
                break;
            }
            assertThat(last.getStatus()).isEqualTo(200);
        }
        assertThat(last.getStatus()).isEqualTo(429);
        assertThat(last.getHeader("Retry-After")).matches("\\d+");
        assertThat(last.getContentAsString()).contains("Too many submissions: at most 40 every 60 seconds");
    }

    @Test
    void browserFormsCannotPostToTheApiAcrossSites() throws Exception {
        Cookie learner = newLearner();
        String yaml = catalog.get(EXERCISE).solution();
        assertThat(mvc.perform(post(API)
                                .cookie(learner)
                                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                                .param("yaml", yaml))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(mvc.perform(post(API)
                                .cookie(learner)
                                .contentType(MediaType.TEXT_PLAIN)
                                .content(yaml))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(mvc.perform(multipart(API).param("yaml", yaml).cookie(learner))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        // the page's own form needs the CSRF token too
        assertThat(mvc.perform(post("/exercises/" + EXERCISE + "/submissions")
                                .cookie(learner)
                                .param("yaml", yaml))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(403);
        assertThat(progress.history(learner.getValue(), EXERCISE, 10)).isEmpty();
    }

    @Test
    void thePageFormGradesWithTheCsrfTokenAndWithoutJavaScript() throws Exception {
        MockHttpServletResponse page =
                mvc.perform(get("/exercises/" + EXERCISE)).andReturn().getResponse();
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(String.join("\n", page.getHeaders("Set-Cookie")))
                .as("reading issues no learner id")
                .doesNotContain(LearnerIdentity.COOKIE + "=");
        assertThat(page.getContentAsString())
                .contains("Expose the frontend inside the cluster")
                .contains("No sandbox yet: press Start")
                .contains("Start sandbox");
        assertThat(mvc.perform(get("/lessons/services"))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .as("exercise card on the lesson page")
                .contains("/exercises/" + EXERCISE);

        // no cookie yet: the first submission (the form, no JavaScript) issues it and starts the sandbox
        MockHttpServletResponse graded = mvc.perform(post("/exercises/" + EXERCISE + "/submissions")
                        .with(csrf())
                        .param("yaml", catalog.get(EXERCISE).solution()))
                .andReturn()
                .getResponse();
        assertThat(graded.getStatus()).isEqualTo(200);
        assertThat(graded.getContentAsString()).contains("All 6 checks passed").contains("<html");
        String setCookie = String.join("\n", graded.getHeaders("Set-Cookie"));
        assertThat(setCookie)
                .contains(LearnerIdentity.COOKIE + "=")
                .contains("HttpOnly")
                .contains("SameSite=Lax");
        Cookie learner = graded.getCookie(LearnerIdentity.COOKIE);
        assertThat(learner).isNotNull();

        MockHttpServletResponse fragment = mvc.perform(post("/exercises/" + EXERCISE + "/submissions")
                        .with(csrf())
                        .header("X-Requested-With", "fetch")
                        .cookie(learner)
                        .param("yaml", "kind: ["))
                .andReturn()
                .getResponse();
        assertThat(fragment.getContentAsString()).contains("YAML error at line").doesNotContain("<html");
        assertThat(mvc.perform(get("/exercises/" + EXERCISE + "/panel").cookie(learner))
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("passed");
    }

    @Test
    void unknownExerciseIs404() throws Exception {
        MockHttpServletResponse r = mvc.perform(post("/api/exercises/nope/submissions")
                        .cookie(newLearner())
                        .contentType("application/yaml")
                        .content("a: b"))
                .andReturn()
                .getResponse();
        assertThat(r.getStatus()).isEqualTo(404);
        assertThat(r.getContentAsString()).contains("There is no exercise 'nope'");
    }
}
