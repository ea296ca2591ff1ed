package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubeguide.exercise.SubmissionApplier.ApplyResult;
import io.kubeguide.exercise.schema.ApiSchema;
import io.kubeguide.exercise.schema.ApiSchemas;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.progress.LearnerIdentity;
import io.kubeguide.sandbox.Sandbox;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.WarningCapture;
import jakarta.servlet.http.Cookie;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every way a submission is refused or repaired, through the JSON API of the real application, on the embedded
 * control plane: the words, the line and column, and how long the refusal took (logged; the figures are in the report
 * of the change, this is no timing test). The sandbox is prepared before the clock starts.
 */
class SubmissionRefusalIT extends EngineTestSupport {

    private static final Logger log = LoggerFactory.getLogger(SubmissionRefusalIT.class);

    @Autowired
    MockMvc mvc;

    @Autowired
    ExerciseCatalog catalog;

    @Autowired
    SandboxService sandboxes;

    @Autowired
    JsonMapper json;

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: frontend-service
            spec:
              selector:
                app: web
                tier: frontend
              ports:
                - port: 80
                  targetPort: http
            """;

    private static Cookie newLearner() {
        return new Cookie(LearnerIdentity.COOKIE, UUID.randomUUID().toString().replace("-", ""));
    }

    private Sandbox sandbox(Cookie learner, String exercise) throws Exception {
        return sandboxes.awaitReady(
                SubmissionService.request(learner.getValue(), catalog.get(exercise)), Duration.ofMinutes(5));
    }

    private JsonNode submit(Cookie learner, String exercise, String yaml, String label) throws Exception {
        long start = System.nanoTime();
        MockHttpServletResponse response = mvc.perform(post("/api/exercises/" + exercise + "/submissions")
                        .cookie(learner)
                        .contentType("application/yaml")
                        .content(yaml))
                .andReturn()
                .getResponse();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
        JsonNode report = json.readTree(response.getContentAsString());
        log.info(
                "{}: answered in {} ms (gradedMillis {}): {}",
                label,
                millis,
                report.get("gradedMillis").asLong(),
                report.get("summary").asString());
        return report;
    }

    /** The one problem of a refused submission. */
    private JsonNode refusedWith(JsonNode report) {
        assertThat(report.get("passed").asBoolean()).isFalse();
        assertThat(report.get("checks")).as("not graded: " + report).isEmpty();
        assertThat(report.get("problems")).as(report.toString()).hasSize(1);
        return report.get("problems").get(0);
    }

    @Test
    void misspeltFieldsWrongTypesAndUnknownKindsAreRefusedInWordsOnTheirLine() throws Exception {
        Cookie learner = newLearner();
        sandbox(learner, "services-clusterip");
        // the first submission to an API server starts fetching its schema; it waits for it only briefly, and is
        // refused by the API server itself meanwhile: on the same line, only without "did you mean"
        JsonNode first = refusedWith(submit(
                learner,
                "services-clusterip",
                SERVICE.replace("  selector:", "  selctr:"),
                "first refusal of this API server (starts fetching its OpenAPI schema)"));
        assertThat(first.get("message").asString())
                .startsWith("Service frontend-service: unknown field " + "\"spec.selctr\" (line 6)");
        assertThat(first.get("line").asInt()).isEqualTo(6);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!first.get("message").asString().contains("did you mean") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            first = refusedWith(submit(
                    learner,
                    "services-clusterip",
                    SERVICE.replace("  selector:", "  selctr:"),
                    "refusal while the schema is fetched"));
        }

        JsonNode selctor = refusedWith(submit(
                learner,
                "services-clusterip",
                SERVICE.replace("  selector:", "  selctor:"),
                "misspelt field spec.selctor"));
        assertThat(selctor.get("message").asString())
                .isEqualTo("Service frontend-service: unknown field "
                        + "\"spec.selctor\" (line 6): did you mean \"selector\"?");
        assertThat(selctor.get("line").asInt()).isEqualTo(6);
        assertThat(selctor.get("column").asInt()).isEqualTo(3);

        JsonNode nested = refusedWith(submit(
                learner,
                "services-clusterip",
                SERVICE.replace("targetPort: http", "targetPrt: http"),
                "misspelt field in a port"));
        assertThat(nested.get("message").asString())
                .contains("unknown field \"spec.ports[0].targetPrt\" (line 11): " + "did you mean \"targetPort\"?");
        assertThat(nested.get("line").asInt()).isEqualTo(11);
        assertThat(nested.get("column").asInt()).isEqualTo(7);

        JsonNode eighty = refusedWith(submit(
                learner, "services-clusterip", SERVICE.replace("- port: 80", "- port: \"eighty\""), "string port"));
        assertThat(eighty.get("message").asString()).contains("spec.ports[0].port: must be a number, got \"eighty\"");
        assertThat(eighty.get("line").asInt()).isEqualTo(10);
        assertThat(eighty.get("column").asInt()).isEqualTo(7);

        JsonNode kind = refusedWith(submit(
                learner, "services-clusterip", SERVICE.replace("kind: Service", "kind: Servce"), "unknown kind"));
        assertThat(kind.get("message").asString())
                .isEqualTo("kind \"Servce\" is not a Kubernetes kind: did you mean "
                        + "\"Service\"? This exercise allows: Service");
        assertThat(kind.get("line").asInt()).isEqualTo(2);

        JsonNode group = refusedWith(submit(
                learner,
                "services-clusterip",
                SERVICE.replace("apiVersion: v1", "apiVersion: example.com/v1"),
                "Service in another group"));
        assertThat(group.get("message").asString())
                .isEqualTo("Service is served as apiVersion v1, not " + "\"example.com/v1\": write apiVersion: v1");
        assertThat(group.get("line").asInt()).isEqualTo(1);

        JsonNode version = refusedWith(submit(
                learner,
                "services-clusterip",
                SERVICE.replace("apiVersion: v1", "apiVersion: apps/v1"),
                "Service in apps/v1"));
        assertThat(version.get("message").asString()).contains("write apiVersion: v1");

        // the API server is still the judge of what the schema cannot say: its refusal points at the field too
        JsonNode range = refusedWith(submit(
                learner,
                "services-clusterip",
                SERVICE.replace("- port: 80", "- port: 70000"),
                "port out of range (the API server's refusal)"));
        assertThat(range.get("message").asString())
                .contains("spec.ports[0].port (line 10)")
                .contains("must be between 1 and 65535");
        assertThat(range.get("line").asInt()).isEqualTo(10);
    }

    /** Without the schema (an API server that does not serve it), the API server's own refusal says the same. */
    @Test
    void withoutTheSchemaTheApiServersOwnRefusalComesAtOnceOnTheRightLine() throws Exception {
        Cookie learner = newLearner();
        Sandbox sandbox = sandbox(learner, "services-clusterip");
        ApiSchemas none = new ApiSchemas() {
            @Override
            public Optional<ApiSchema> forApiVersion(KubernetesClient client, String apiVersion) {
                return Optional.empty();
            }
        };
        SubmissionApplier applier = new SubmissionApplier(none);
        SubmissionValidator validator = new SubmissionValidator();
        ExerciseSpec spec = catalog.get("services-clusterip");
        List<String> seen = new ArrayList<>();
        for (String[] answer : new String[][] {
            {
                "misspelt field, server only",
                SERVICE.replace("  selector:", "  selctor:"),
                "6",
                "unknown field \"spec.selctor\" (line 6)"
            },
            {
                "string port, server only",
                SERVICE.replace("- port: 80", "- port: \"eighty\""),
                "10",
                "must be a number, got \"eighty\" (line 10)"
            }
        }) {
            var objects = validator
                    .placeIn(validator.validate(answer[1], spec), sandbox.namespace())
                    .objects();
            long start = System.nanoTime();
            ApplyResult result;
            try (KubernetesClient client = sandbox.learnerClient(new WarningCapture())) {
                result = applier.apply(client, sandbox.namespace(), spec, objects);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            log.info("{}: refused by the API server in {} ms: {}", answer[0], millis, result.problems());
            assertThat(result.problems()).singleElement().satisfies(p -> {
                assertThat(p.line()).isEqualTo(Integer.parseInt(answer[2]));
                assertThat(p.message()).contains(answer[3]);
            });
            seen.add(answer[0]);
        }
        assertThat(seen).hasSize(2);
    }

    @Test
    void aClaimThatCannotChangeInPlaceIsReCreatedWithANoticeAndThenPasses() throws Exception {
        Cookie learner = newLearner();
        Sandbox sandbox = sandbox(learner, "storage-pvc");
        ExerciseSpec spec = catalog.get("storage-pvc");
        JsonNode wrong =
                submit(learner, "storage-pvc", spec.solution().replace("storage: 1Gi", "storage: 2Gi"), "claim of 2Gi");
        assertThat(wrong.get("problems")).as(wrong.toString()).isEmpty();
        assertThat(wrong.get("passed").asBoolean()).isFalse();

        JsonNode fixed = submit(learner, "storage-pvc", spec.solution(), "the right claim after the 2Gi one");
        assertThat(fixed.get("problems")).as(fixed.toString()).isEmpty();
        assertThat(fixed.get("notices").toString())
                .isEqualTo("[\"PersistentVolumeClaim data was re-created: its spec cannot change in place\"]");
        assertThat(fixed.get("passed").asBoolean()).as(fixed.toString()).isTrue();
        PersistentVolumeClaim claim = sandbox.adminClient()
                .persistentVolumeClaims()
                .inNamespace(sandbox.namespace())
                .withName("data")
                .get();
        assertThat(claim.getSpec().getResources().getRequests().get("storage").toString())
                .isEqualTo("1Gi");

        JsonNode again = submit(learner, "storage-pvc", spec.solution(), "the same claim once more");
        assertThat(again.get("notices")).as("nothing to re-create").isEmpty();
        assertThat(again.get("passed").asBoolean()).isTrue();
    }

    @Test
    void aBoundClaimReCreatedWithAnotherClassBindsToItsVolumeAgain() throws Exception {
        Cookie learner = newLearner();
        Sandbox sandbox = sandbox(learner, "storage-pvc");
        ExerciseSpec spec = catalog.get("storage-pvc");
        JsonNode other = submit(
                learner,
                "storage-pvc",
                spec.solution().replace("storageClassName: manual", "storageClassName: standard"),
                "bound claim of another class");
        assertThat(other.get("problems")).as(other.toString()).isEmpty();
        assertThat(ExerciseFlowIT.failed(other)).containsExactly("class-manual");

        JsonNode fixed = submit(learner, "storage-pvc", spec.solution(), "the right class, re-created");
        assertThat(fixed.get("notices").get(0).asString())
                .isEqualTo("PersistentVolumeClaim data was re-created: its spec cannot change in place");
        assertThat(fixed.get("passed").asBoolean()).as(fixed.toString()).isTrue();
        assertThat(sandbox.adminClient()
                        .persistentVolumeClaims()
                        .inNamespace(sandbox.namespace())
                        .withName("data")
                        .get()
                        .getStatus()
                        .getPhase())
                .isEqualTo("Bound");
    }

    /**
     * A claim already bound may neither ask less than its volume's capacity nor grow where the class cannot expand
     * volumes: the second answer is re-created with a notice, whichever way the request moved.
     */
    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "storageClassName: manual | storageClassName: standard | storage: 1Gi | storage: 1G | spec | requests-1gi",
                "storage: 1Gi | storage: 512Mi | storage: 1Gi | storage: 1Gi | spec.resources.requests.storage | ''"
            })
    void aBoundClaimAskingAnotherSizeIsReCreated(
            String first, String firstWrong, String second, String secondAnswer, String field, String failed)
            throws Exception {
        Cookie learner = newLearner();
        Sandbox sandbox = sandbox(learner, "storage-pvc");
        ExerciseSpec spec = catalog.get("storage-pvc");
        JsonNode bound = submit(learner, "storage-pvc", spec.solution().replace(first, firstWrong), firstWrong);
        assertThat(bound.get("problems")).as(bound.toString()).isEmpty();
        sandbox.adminClient()
                .persistentVolumeClaims()
                .inNamespace(sandbox.namespace())
                .withName("data")
                .waitUntilCondition(
                        c -> c.getStatus() != null
                                && c.getStatus().getCapacity() != null
                                && c.getStatus().getCapacity().containsKey("storage"),
                        60,
                        TimeUnit.SECONDS);

        JsonNode next = submit(learner, "storage-pvc", spec.solution().replace(second, secondAnswer), secondAnswer);
        assertThat(next.get("problems")).as(next.toString()).isEmpty();
        assertThat(next.get("notices").toString())
                .isEqualTo("[\"PersistentVolumeClaim data was re-created: its " + field + " cannot change in place\"]");
        assertThat(ExerciseFlowIT.failed(next))
                .containsExactlyElementsOf(failed.isEmpty() ? List.of() : List.of(failed));
    }

    /**
     * Claims a StatefulSet made from a wrong template outlive it: re-created (or left out of a later answer and
     * pruned), its claims go with it, and the right template passes.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2Gi", "ReadWriteMany", "2Gi; the StatefulSet named postgres"})
    void aStatefulSetFixedAfterWrongClaimsPasses(String mistakes) throws Exception {
        Cookie learner = newLearner();
        sandbox(learner, "storage-statefulset");
        ExerciseSpec spec = catalog.get("storage-statefulset");
        for (String mistake : mistakes.split("; ")) {
            String wrongYaml = spec.wrong().stream()
                    .filter(w -> w.why().contains(mistake))
                    .findFirst()
                    .orElseThrow()
                    .yaml();
            JsonNode wrong = submit(learner, "storage-statefulset", wrongYaml, mistake);
            assertThat(wrong.get("passed").asBoolean()).as(wrong.toString()).isFalse();
        }

        JsonNode fixed = submit(learner, "storage-statefulset", spec.solution(), "the solution after " + mistakes);
        assertThat(fixed.get("problems")).as(fixed.toString()).isEmpty();
        assertThat(fixed.get("passed").asBoolean()).as(fixed.toString()).isTrue();
        if (!mistakes.contains("postgres")) {
            assertThat(fixed.get("notices").get(0).asString())
                    .startsWith("StatefulSet db was re-created: its spec cannot change in place; its claim")
                    .contains("data-db-0")
                    .endsWith("deleted with it, to be made again from its template");
        }
    }

    /**
     * A claim the setup's running Pod mounts cannot go while that Pod runs: the Pod goes first and comes back with the
     * new claim, so another right answer after the right one still passes.
     */
    @Test
    void aClaimARunningPodMountsIsReCreatedWithThatPod() throws Exception {
        Cookie learner = newLearner();
        sandbox(learner, "storage-fix-pending-claim");
        ExerciseSpec spec = catalog.get("storage-fix-pending-claim");
        JsonNode solved = submit(learner, "storage-fix-pending-claim", spec.solution(), "the solution");
        assertThat(solved.get("passed").asBoolean()).as(solved.toString()).isTrue();

        String smaller = spec.passes().stream()
                .filter(p -> p.why().startsWith("less than the volume holds"))
                .findFirst()
                .orElseThrow()
                .yaml();
        JsonNode again = submit(learner, "storage-fix-pending-claim", smaller, "a smaller claim, after the solution");
        assertThat(again.get("problems")).as(again.toString()).isEmpty();
        assertThat(again.get("notices").get(0).asString())
                .isEqualTo(
                        "PersistentVolumeClaim data was re-created: its spec.resources.requests.storage cannot change "
                                + "in place; Pod notes, which mounts it, was re-created with it");
        assertThat(again.get("passed").asBoolean()).as(again.toString()).isTrue();
    }

    @Test
    void theNoticeIsShownInThePanelWithoutJavaScript() throws Exception {
        Cookie learner = newLearner();
        sandbox(learner, "fenced-pod");
        String pod = catalog.get("fenced-pod").solution();
        assertThat(submit(learner, "fenced-pod", pod, "a Pod").get("passed").asBoolean())
                .isTrue();
        String changed = pod + "      env:\n        - {name: MODE, value: test}\n";
        MockHttpServletResponse fragment = mvc.perform(post("/exercises/fenced-pod/submissions")
                        .with(csrf())
                        .header("X-Requested-With", "fetch")
                        .cookie(learner)
                        .param("yaml", changed))
                .andReturn()
                .getResponse();
        assertThat(fragment.getContentAsString())
                .contains("<ul class=\"notices\">")
                .contains("<li>Pod plain was re-created: its spec cannot change in place</li>")
                .contains("All 2 checks passed");
    }

    @Test
    void theLearnersPortsReplaceTheSetupsPorts() throws Exception {
        Cookie learner = newLearner();
        Sandbox sandbox = sandbox(learner, "services-fix-no-endpoints");
        String ports = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: frontend-service
                spec:
                  selector:
                    app: web
                    tier: frontend
                  ports:
                    - port: 8080
                      targetPort: 8080
                """;
        JsonNode report = submit(learner, "services-fix-no-endpoints", ports, "setup Service with a new port");
        assertThat(report.get("problems")).as(report.toString()).isEmpty();
        assertThat(report.get("checks")).isNotEmpty();
        List<ServicePort> live = sandbox.adminClient()
                .services()
                .inNamespace(sandbox.namespace())
                .withName("frontend-service")
                .get()
                .getSpec()
                .getPorts();
        assertThat(live).extracting(ServicePort::getPort).containsExactly(8080);
        assertThat(live.get(0).getTargetPort().getIntVal()).isEqualTo(8080);
    }

    @Test
    void whatKubectlGetPrintsIsAcceptedAsAList() throws Exception {
        Cookie learner = newLearner();
        sandbox(learner, "services-clusterip");
        String solution = catalog.get("services-clusterip").solution();
        String list = "apiVersion: v1\nkind: List\nmetadata:\n  resourceVersion: \"\"\nitems:\n"
                + solution.replace(
                                "  name: frontend-service\n",
                                "  name: frontend-service\n  uid: 3f1c0e8e-0000"
                                        + "-4000-8000-000000000001\n  resourceVersion: \"7\"\n")
                        .indent(2)
                        .replaceFirst("^  ", "- ")
                + "  status:\n    loadBalancer: {}\n";
        JsonNode report = submit(learner, "services-clusterip", list, "the solution as a kind: List");
        assertThat(report.get("problems")).as(report.toString()).isEmpty();
        assertThat(report.get("passed").asBoolean()).as(report.toString()).isTrue();

        JsonNode typo = refusedWith(submit(
                learner,
                "services-clusterip",
                list.replace("  selector:", "  selectr:"),
                "a misspelt field in a List item"));
        assertThat(typo.get("message").asString())
                .contains("unknown field \"spec.selectr\"")
                .contains("did you mean \"selector\"?");
        assertThat(typo.get("line").asInt())
                .isEqualTo(list.substring(0, list.indexOf("  selector:")).split("\n", -1).length);
    }
}
