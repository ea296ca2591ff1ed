package io.kubeguide.exercise.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.exercise.grading.GradeReport.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The schema check on the API server's own OpenAPI v3 documents, captured once from the embedded control plane
 * (Kubernetes v1.36.3: {@code kubectl get --raw /openapi/v3/api/v1} and {@code /openapi/v3/apis/apps/v1}), trimmed to
 * the components Service, PersistentVolumeClaim, Pod and Deployment reach, descriptions dropped.
 */
class SchemaCheckTest {

    static final ApiSchema CORE = load("/openapi/api-v1.json");
    static final ApiSchema APPS = load("/openapi/apis-apps-v1.json");

    static ApiSchema load(String resource) {
        try (InputStream in = SchemaCheckTest.class.getResourceAsStream(resource)) {
            return ApiSchema.parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: frontend-service
              labels:
                app.kubernetes.io/name: web
            spec:
              selector:
                app: web
              ports:
                - name: http
                  port: 80
                  targetPort: 8080
                - port: 443
                  targetPort: https
            """;

    private static List<Problem> check(ApiSchema api, String kind, String yaml) {
        Node node = new Yaml().compose(new StringReader(yaml));
        return SchemaCheck.check(api, kind, node, kind + " x");
    }

    @Test
    void aCorrectServiceHasNoProblems() {
        assertThat(check(CORE, "Service", SERVICE)).isEmpty();
    }

    @Test
    void aMisspeltFieldIsNamedOnTheLineAndColumnOfItsKeyWithTheFieldItMeant() {
        List<Problem> problems = check(CORE, "Service", SERVICE.replace("  selector:", "  selctor:"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message())
                    .isEqualTo("Service x: unknown field \"spec.selctor\" (line 8): did you mean " + "\"selector\"?");
            assertThat(p.line()).isEqualTo(8);
            assertThat(p.column()).isEqualTo(3);
        });
    }

    @Test
    void aMisspeltFieldInAListItemIsNamedWithItsIndex() {
        List<Problem> problems =
                check(CORE, "Service", SERVICE.replace("    targetPort: https", "    targetprot: https"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message())
                    .contains(
                            "unknown field \"spec.ports[1].targetprot\" (line 15): did you mean " + "\"targetPort\"?");
            assertThat(p.line()).isEqualTo(15);
            assertThat(p.column()).isEqualTo(7);
        });
    }

    @Test
    void aFieldFarFromAnyKnownOneSaysWhereToLook() {
        assertThat(check(CORE, "Service", SERVICE.replace("  selector:", "  podPicker:")))
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("Service x: unknown field \"spec.podPicker\" "
                        + "(line 8): a ServiceSpec has no such field (see kubectl explain service.spec)");
    }

    @Test
    void aStringWhereANumberBelongsIsRefusedInWords() {
        List<Problem> problems = check(CORE, "Service", SERVICE.replace("port: 80", "port: \"eighty\""));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("Service x: spec.ports[0].port: must be a number, got \"eighty\"");
            assertThat(p.line()).isEqualTo(12);
        });
        assertThat(check(CORE, "Service", SERVICE.replace("port: 80", "port: \"80\"")))
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .endsWith("must be a number, got \"80\" (write the number without quotes)");
    }

    @Test
    void intOrStringAndQuantitiesTakeBothForms() {
        assertThat(check(CORE, "Service", SERVICE.replace("targetPort: 8080", "targetPort: \"8080\"")))
                .isEmpty();
        assertThat(check(CORE, "Service", SERVICE.replace("targetPort: 8080", "targetPort: [8080]")))
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("Service x: spec.ports[0].targetPort: must be a number or a name, got a list");
        String claim = """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources:
                    requests:
                      storage: %s
                """;
        assertThat(check(CORE, "PersistentVolumeClaim", claim.formatted("1Gi"))).isEmpty();
        assertThat(check(CORE, "PersistentVolumeClaim", claim.formatted("1073741824")))
                .isEmpty();
        assertThat(check(CORE, "PersistentVolumeClaim", claim.formatted("{amount: 1Gi}")))
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .isEqualTo("PersistentVolumeClaim x: spec.resources.requests.storage: must be a quantity (a number "
                        + "or a string such as 1Gi), got a mapping");
    }

    @Test
    void aNumberWhereTextBelongsIsRefusedWithTheFix() {
        assertThat(check(CORE, "Service", SERVICE.replace("app.kubernetes.io/name: web", "version: 2")))
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("Service x: metadata.labels.version: must be a string, got 2 (put it in quotes to make "
                        + "it a string)");
        assertThat(check(CORE, "Service", SERVICE.replace("app.kubernetes.io/name: web", "app.kubernetes.io/v: 2")))
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("metadata.labels[app.kubernetes.io/v]: must be a string");
    }

    @Test
    void listsMappingsAndBooleansAreTold() {
        assertThat(check(CORE, "Service", SERVICE.replaceFirst("ports:\n(.|\n)*", "ports:\n    port: 80\n")))
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("Service x: spec.ports: must be a list (lines starting with -), got a mapping");
        assertThat(check(CORE, "Service", SERVICE.replace("    app: web", "    - app: web")))
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("Service x: spec.selector: must be a mapping (key: value lines), got a list");
        String pod = """
                apiVersion: v1
                kind: Pod
                metadata: {name: p}
                spec:
                  containers:
                    - name: web
                      image: registry.k8s.io/pause:3.10
                      volumeMounts:
                        - {name: data, mountPath: /data, readOnly: "yes"}
                  volumes:
                    - name: data
                      persistentVolumeClaim: {claimName: data}
                """;
        assertThat(check(CORE, "Pod", pod)).singleElement().satisfies(p -> {
            assertThat(p.message())
                    .isEqualTo("Pod x: spec.containers[0].volumeMounts[0].readOnly: must be true or "
                            + "false, got \"yes\"");
            assertThat(p.line()).isEqualTo(9);
        });
    }

    @Test
    void deploymentsAreCheckedThroughTheirPodTemplate() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                        - name: web
                          image: registry.k8s.io/pause:3.10
                          ports: [{containerPort: 8080, name: http}]
                """;
        assertThat(check(APPS, "Deployment", deployment)).isEmpty();
        assertThat(check(APPS, "Deployment", deployment.replace("containerPort", "containerport")))
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("Deployment x: unknown field "
                        + "\"spec.template.spec.containers[0].ports[0].containerport\" (line 13): did you mean "
                        + "\"containerPort\"?");
        assertThat(check(APPS, "Deployment", deployment.replace("replicas: 3", "replicas: three")))
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("Deployment x: spec.replicas: must be a " + "number, got \"three\"");
    }

    @Test
    void whatKubectlGetPrintsIsNoProblemAndNullsAreLeftToTheServer() {
        String printed = SERVICE.replace("  name: frontend-service\n", """
                  name: frontend-service
                  resourceVersion: "42"
                  creationTimestamp: "2026-11-30T06:00:00Z"
                  managedFields:
                    - manager: learner
                      operation: Apply
                      fieldsV1: {"f:spec": {"f:ports": {}}}
                """)
                + "  clusterIP: null\nstatus:\n  loadBalancer: {}\n  madeUp: true\n";
        assertThat(check(CORE, "Service", printed)).isEmpty();
    }

    @Test
    void aKindTheDocumentDoesNotHaveIsNotChecked() {
        assertThat(check(CORE, "Deployment", "apiVersion: v1\nkind: Deployment\nspecs: {}\n"))
                .isEmpty();
        assertThat(CORE.kinds()).contains("Service", "Pod", "PersistentVolumeClaim");
    }

    @Test
    void didYouMeanPrefersCaseThenFewEdits() {
        assertThat(DidYouMean.closest("targetport", List.of("port", "targetPort", "nodePort")))
                .contains("targetPort");
        assertThat(DidYouMean.closest("target_port", List.of("port", "targetPort")))
                .contains("targetPort");
        assertThat(DidYouMean.closest("selctor", List.of("selector", "sessionAffinity")))
                .contains("selector");
        assertThat(DidYouMean.closest("prots", List.of("ports", "type"))).contains("ports");
        assertThat(DidYouMean.closest("targetprot", List.of("port", "targetPort")))
                .as("a swap is one edit")
                .contains("targetPort");
        assertThat(DidYouMean.closest("podPicker", List.of("selector", "ports")))
                .isEmpty();
        assertThat(DidYouMean.closest("ab", List.of("id")))
                .as("short names need a close match")
                .isEmpty();
    }
}
