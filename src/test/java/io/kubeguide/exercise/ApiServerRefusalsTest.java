package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubeguide.exercise.SubmissionValidator.SubmittedObject;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.exercise.spec.ExerciseSpec;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The API server's own answers (captured from the embedded kube-apiserver v1.36.3), turned into words and lines. */
class ApiServerRefusalsTest {

    private final SubmissionValidator validator = new SubmissionValidator();
    private final ExerciseSpec spec = new ExerciseSpec(
            "demo",
            "Demo",
            "services",
            "s",
            1,
            "p",
            "",
            "",
            List.of("Service", "PersistentVolumeClaim"),
            List.of(),
            "s",
            List.of(),
            List.of(),
            Set.of(),
            Set.of());

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: frontend-service
            spec:
              selctor:
                app: web
              ports:
                - port: "eighty"
                  targetPort: http
            """;

    private SubmittedObject object(String yaml) {
        return validator
                .placeIn(validator.validate(yaml, spec), "sbx")
                .objects()
                .get(0);
    }

    private static KubernetesClientException refusal(int code, String reason, String message, StatusCause... causes) {
        Status status = new StatusBuilder()
                .withCode(code)
                .withReason(reason)
                .withMessage(message)
                .withNewDetails()
                .withCauses(causes)
                .endDetails()
                .build();
        return new KubernetesClientException(status);
    }

    @Test
    void aPatchTheServerCannotBuildIsMappedToTheFieldInWords() {
        var unknown = refusal(
                500,
                "InternalError",
                "failed to create typed patch object (kg-1/frontend-service; "
                        + "/v1, Kind=Service): .spec.selctor: field not declared in schema");
        assertThat(ApiServerRefusals.problems(object(SERVICE), unknown))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.message())
                            .isEqualTo("Service frontend-service: unknown field \"spec.selctor\" (line 6)");
                    assertThat(p.line()).isEqualTo(6);
                    assertThat(p.column()).isEqualTo(3);
                });
        var string = refusal(
                500,
                "InternalError",
                "failed to create typed patch object (kg-1/frontend-service; "
                        + "/v1, Kind=Service): .spec.ports[port=\"eighty\",protocol=\"TCP\"].port: expected numeric (int or "
                        + "float), got string");
        assertThat(ApiServerRefusals.problems(object(SERVICE), string))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.message())
                            .isEqualTo("Service frontend-service: spec.ports[port=\"eighty\",protocol=\"TCP\"]"
                                    + ".port: must be a number, got \"eighty\" (line 9)");
                    assertThat(p.line()).isEqualTo(9);
                    assertThat(p.column()).isEqualTo(7);
                });
        assertThat(ApiServerRefusals.isTransient(string))
                .as("the same patch fails the same way")
                .isFalse();
    }

    @Test
    void strictDecodingErrorsNameEachUnknownField() {
        var strict = refusal(
                400,
                "BadRequest",
                "strict decoding error: unknown field \"spec.selctor\", unknown "
                        + "field \"spec.ports[0].targetPrt\"");
        assertThat(ApiServerRefusals.problems(object(SERVICE), strict))
                .extracting(Problem::line)
                .containsExactly(6, 9);
    }

    @Test
    void validationCausesPointAtTheirFieldsKeyNotLineOne() {
        StatusCause cause = new StatusCause("spec.ports[0].name", "Required value", "FieldValueRequired");
        var invalid = refusal(
                422,
                "Invalid",
                "Service \"frontend-service\" is invalid: spec.ports[0].name: " + "Required value",
                cause);
        assertThat(ApiServerRefusals.problems(object(SERVICE), invalid))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.message())
                            .isEqualTo("Service frontend-service, spec.ports[0].name (line 9): Required value");
                    assertThat(p.line()).isEqualTo(9);
                });
        assertThat(ApiServerRefusals.immutableFields(invalid)).isEmpty();
    }

    @Test
    void updatesRefusedOnlyForImmutableFieldsAreRecognised() {
        var claim = refusal(
                422,
                "Invalid",
                "PersistentVolumeClaim \"data\" is invalid: spec: Forbidden: spec is "
                        + "immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
                new StatusCause(
                        "spec",
                        "Forbidden: spec is immutable after creation except resources.requests and "
                                + "volumeAttributesClassName for bound claims\n@@ -6,7 +6,7 @@\n-   \"storage\": \"2Gi\"\n"
                                + "+   \"storage\": \"1Gi\"\n",
                        "FieldValueForbidden"));
        assertThat(ApiServerRefusals.immutableFields(claim)).contains(Set.of("spec"));
        var boundClaim = refusal(
                422,
                "Invalid",
                "PersistentVolumeClaim \"data\" is invalid: [spec: Forbidden: spec is immutable after creation ..., "
                        + "spec.resources.requests.storage: Forbidden: field can not be less than status.capacity]",
                new StatusCause(
                        "spec",
                        "Forbidden: spec is immutable after creation except resources.requests and "
                                + "volumeAttributesClassName for bound claims\n-  \"StorageClassName\": \"standard\",\n"
                                + "+  \"StorageClassName\": \"manual\",\n",
                        "FieldValueForbidden"),
                new StatusCause(
                        "spec.resources.requests.storage",
                        "Forbidden: field can not be less than status.capacity",
                        "FieldValueForbidden"));
        assertThat(ApiServerRefusals.immutableFields(boundClaim))
                .as("a claim already bound to a bigger volume cannot shrink in place either")
                .contains(Set.of("spec"));
        var grown = refusal(
                403,
                "Forbidden",
                "persistentvolumeclaims \"data\" is forbidden: only dynamically provisioned pvc can be resized and the "
                        + "storageclass that provisions the pvc must support resize");
        assertThat(ApiServerRefusals.immutableFields(grown)).contains(Set.of("spec.resources.requests.storage"));
        assertThat(ApiServerRefusals.immutableFields(
                        refusal(403, "Forbidden", "services is forbidden: User cannot patch resource")))
                .as("a refusal of the learner's rights is not about a field")
                .isEmpty();
        var selector = refusal(
                422,
                "Invalid",
                "Deployment.apps \"web\" is invalid: spec.selector: Invalid value: "
                        + "{\"matchLabels\":{\"app\":\"web2\"}}: field is immutable",
                new StatusCause(
                        "spec.selector",
                        "Invalid value: {\"matchLabels\":{\"app\":\"web2\"}}: field is immutable",
                        "FieldValueInvalid"));
        assertThat(ApiServerRefusals.immutableFields(selector)).contains(Set.of("spec.selector"));
        var mixed = refusal(
                422,
                "Invalid",
                "two problems",
                new StatusCause("spec.selector", "Invalid value: x: field is immutable", "FieldValueInvalid"),
                new StatusCause(
                        "spec.replicas", "Invalid value: -1: must be greater than or equal to 0", "FieldValueInvalid"));
        assertThat(ApiServerRefusals.immutableFields(mixed))
                .as("the other problem must be fixed first")
                .isEmpty();
    }

    @Test
    void onlyErrorsThatMayGoAwayAreTransient() {
        assertThat(ApiServerRefusals.isTransient(refusal(503, "ServiceUnavailable", "etcd is busy")))
                .isTrue();
        assertThat(ApiServerRefusals.isTransient(refusal(429, "TooManyRequests", "slow down")))
                .isTrue();
        assertThat(ApiServerRefusals.isTransient(
                        new KubernetesClientException("no answer", new IOException("connection reset"))))
                .isTrue();
        assertThat(ApiServerRefusals.isTransient(refusal(422, "Invalid", "bad")))
                .isFalse();
        assertThat(ApiServerRefusals.isTransient(refusal(403, "Forbidden", "no")))
                .isFalse();
    }

    @Test
    void theSandboxFenceRefusalSitsOnTheLineOfWhatItRefuses() {
        String pod = """
                apiVersion: v1
                kind: Service
                metadata:
                  name: frontend-service
                spec:
                  type: NodePort
                  externalIPs: [203.0.113.7]
                  ports:
                    - port: 80
                """;
        var refused = refusal(
                403,
                "Forbidden",
                "services \"frontend-service\" is forbidden: ValidatingAdmissionPolicy"
                        + " 'kubeguide-sandbox-services' with binding 'kubeguide-sandbox-services' denied request: externalIPs"
                        + " is not allowed here: a Service may not claim addresses outside the cluster");
        assertThat(ApiServerRefusals.problems(object(pod), refused))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.message())
                            .isEqualTo(
                                    "Service frontend-service (line 7): the sandbox does not allow it: "
                                            + "externalIPs is not allowed here: a Service may not claim addresses outside the cluster");
                    assertThat(p.line()).isEqualTo(7);
                });
    }
}
