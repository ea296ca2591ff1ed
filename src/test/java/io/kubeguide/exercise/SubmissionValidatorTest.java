package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.exercise.SubmissionValidator.ValidatedSubmission;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import io.kubeguide.exercise.spec.ExerciseSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.Tag;

class SubmissionValidatorTest {

    private final SubmissionValidator validator = new SubmissionValidator();
    private final ExerciseSpec spec = new ExerciseSpec(
            "demo",
            "Demo",
            "services",
            "creating-a-service",
            1,
            "p",
            "",
            "",
            List.of("Service", "Pod"),
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
              selector:
                app: web
              ports:
                - port: 80
            """;

    /** As a submission goes: checked, then placed into the learner's namespace once the sandbox is known. */
    private ValidatedSubmission validate(String yaml) {
        return validator.placeIn(validator.validate(yaml, spec), "sbx-1");
    }

    private Problem onlyProblem(String yaml) {
        ValidatedSubmission v = validate(yaml);
        assertThat(v.ok()).as("refused").isFalse();
        assertThat(v.problems()).hasSize(1);
        return v.problems().get(0);
    }

    @Test
    void acceptsAServiceAndSetsTheNamespace() {
        ValidatedSubmission v = validate(SERVICE);
        assertThat(v.problems()).isEmpty();
        assertThat(v.objects()).hasSize(1);
        assertThat(v.objects().get(0).kind()).isEqualTo("Service");
        assertThat(((Map<?, ?>) v.objects().get(0).content().get("metadata")).get("namespace"))
                .isEqualTo("sbx-1");
    }

    @Test
    void acceptsTheOwnNamespaceAndStripsServerFields() {
        ValidatedSubmission v = validate(SERVICE.replace(
                "  name: frontend-service\n",
                "  name: frontend-service\n  namespace: sbx-1\n  resourceVersion: \"12\"\n"));
        assertThat(v.ok()).isTrue();
        assertThat(((Map<?, ?>) v.objects().get(0).content().get("metadata")).containsKey("resourceVersion"))
                .isFalse();
    }

    @Test
    void syntaxErrorHasLineAndColumn() {
        Problem p = onlyProblem("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   bad: [\n");
        assertThat(p.line()).isNotNull();
        assertThat(p.message()).contains("line " + p.line());
    }

    @Test
    void aliasBombIsRefused() {
        StringBuilder sb =
                new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                sb.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            sb.append("]\n");
            prev = c;
        }
        Problem p = onlyProblem(sb.toString());
        assertThat(p.message()).contains("too many aliases");
    }

    @Test
    void deepNestingIsRefused() {
        Problem p = onlyProblem("a: " + "[".repeat(200) + "]".repeat(200));
        assertThat(p.message()).contains("nested too deeply");
    }

    @Test
    void oversizedSubmissionIsRefusedBeforeParsing() {
        Problem p = onlyProblem(SERVICE + "# " + "x".repeat(1024 * 1024));
        assertThat(p.message()).contains("the limit is 65,536 bytes");
    }

    @Test
    void tooManyDocumentsAreRefused() {
        Problem p = onlyProblem((SERVICE + "---\n").repeat(21));
        assertThat(p.message()).contains("More than 20 documents");
    }

    @Test
    void customTagIsRefused() {
        Problem p = onlyProblem(SERVICE.replace("app: web", "app: !!javax.script.ScriptEngineManager web"));
        assertThat(p.message()).contains("is not allowed");
        assertThat(p.line()).isEqualTo(7);
    }

    @Test
    void localTagIsRefused() {
        Problem p = onlyProblem(SERVICE.replace("app: web", "app: !secret web"));
        assertThat(p.message()).contains("Tag !secret is not allowed");
    }

    @Test
    void duplicateKeyIsRefused() {
        Problem p = onlyProblem(SERVICE.replace("  name: frontend-service\n", "  name: a\n  name: b\n"));
        assertThat(p.message()).contains("duplicate key");
        assertThat(p.line()).isNotNull();
    }

    @Test
    void forbiddenKindIsRefusedByName() {
        Problem p = onlyProblem(SERVICE.replace("kind: Service", "kind: ConfigMap"));
        assertThat(p.message()).isEqualTo("kind ConfigMap is not part of this exercise; allowed: Service, Pod");
        assertThat(p.line()).isEqualTo(2);
    }

    @Test
    void clusterScopedKindIsRefused() {
        Problem p = onlyProblem("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: x\n");
        assertThat(p.message()).contains("kind ClusterRole is cluster-scoped and not part of this exercise");
    }

    @Test
    void foreignNamespaceIsRefused() {
        Problem p = onlyProblem(
                SERVICE.replace("  name: frontend-service\n", "  name: frontend-service\n  namespace: kube-system\n"));
        assertThat(p.message()).contains("metadata.namespace is 'kube-system'").contains("sbx-1");
        assertThat(p.line()).isEqualTo(5);
    }

    @Test
    void missingNameIsRefused() {
        Problem p = onlyProblem("apiVersion: v1\nkind: Service\nmetadata:\n  labels: {a: b}\n");
        assertThat(p.message()).contains("metadata.name is missing");
    }

    @Test
    void notAMappingIsRefused() {
        assertThat(onlyProblem("- a\n- b\n").message()).contains("is not a Kubernetes object");
    }

    @Test
    void emptyIsRefused() {
        assertThat(onlyProblem("# nothing\n").message()).contains("no Kubernetes object");
    }

    @Test
    void sameObjectTwiceIsRefused() {
        assertThat(onlyProblem(SERVICE + "---\n" + SERVICE).message()).contains("appears twice");
    }

    @Test
    void nodeLocatorFindsFieldPaths() {
        ValidatedSubmission v = validate(SERVICE);
        var node = v.objects().get(0).node();
        assertThat(NodeLocator.find(node, "spec.ports[0].port").getStartMark().getLine() + 1)
                .isEqualTo(9);
        assertThat(NodeLocator.find(node, "spec.ports[0].targetPort")
                                .getStartMark()
                                .getLine()
                        + 1)
                .isEqualTo(9);
        assertThat(NodeLocator.find(node, "spec.selector[app]").getStartMark().getLine() + 1)
                .isEqualTo(7);
        assertThat(NodeLocator.segments("metadata.labels[app.kubernetes.io/name]"))
                .containsExactly("metadata", "labels", "app.kubernetes.io/name");
    }

    /** What {@code kubectl get svc,pod -o yaml} prints, server-set fields and all. */
    private static final String KUBECTL_LIST = """
            apiVersion: v1
            items:
            - apiVersion: v1
              kind: Service
              metadata:
                annotations:
                  kubectl.kubernetes.io/last-applied-configuration: |
                    {"apiVersion":"v1","kind":"Service"}
                creationTimestamp: "2026-11-30T06:00:00Z"
                name: frontend-service
                namespace: sbx-1
                resourceVersion: "1234"
                uid: 0b6c1f0e-1111-2222-3333-444455556666
              spec:
                clusterIP: 10.96.0.12
                ports:
                - port: 80
                  protocol: TCP
                  targetPort: 8080
                selector:
                  app: web
              status:
                loadBalancer: {}
            - apiVersion: v1
              kind: Pod
              metadata:
                name: web-0
              spec:
                containers:
                - name: web
                  image: registry.k8s.io/pause:3.10
            kind: List
            metadata:
              resourceVersion: ""
            """;

    @Test
    void aKubectlListIsUnpackedIntoItsObjectsWithoutServerFields() {
        ValidatedSubmission v = validate(KUBECTL_LIST);
        assertThat(v.problems()).isEmpty();
        assertThat(v.objects())
                .extracting(o -> o.kind() + "/" + o.name())
                .containsExactly("Service/frontend-service", "Pod/web-0");
        var service = v.objects().get(0);
        assertThat(service.line()).as("the item's own line").isEqualTo(3);
        assertThat(service.where()).isEqualTo("document 1, item 1");
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) service.content().get("metadata");
        assertThat(meta.keySet()).containsExactlyInAnyOrder("name", "namespace");
        assertThat(service.content()).doesNotContainKey("status");
        assertThat(v.objects().get(1).line()).isEqualTo(24);
        assertThat(((Map<?, ?>) v.objects().get(1).content().get("metadata")).get("namespace"))
                .isEqualTo("sbx-1");
    }

    @Test
    void listItemsAreCheckedLikeDocumentsWithTheirOwnLines() {
        Problem p = onlyProblem(KUBECTL_LIST.replace("  kind: Pod", "  kind: ConfigMap"));
        assertThat(p.message()).isEqualTo("kind ConfigMap is not part of this exercise; allowed: Service, Pod");
        assertThat(p.line()).isEqualTo(25);
        Problem ns = onlyProblem(KUBECTL_LIST.replace("    namespace: sbx-1", "    namespace: prod"));
        assertThat(ns.message()).contains("metadata.namespace is 'prod'");
        assertThat(ns.line()).isEqualTo(11);
    }

    @Test
    void aTypedListsItemsTakeTheirKindFromTheList() {
        ValidatedSubmission v = validate("""
                apiVersion: v1
                kind: ServiceList
                items:
                  - metadata: {name: a}
                    spec: {ports: [{port: 80}]}
                  - metadata: {name: b}
                    spec: {ports: [{port: 81}]}
                """);
        assertThat(v.problems()).isEmpty();
        assertThat(v.objects())
                .extracting(o -> o.apiVersion() + " " + o.kind() + "/" + o.name())
                .containsExactly("v1 Service/a", "v1 Service/b");
        assertThat(v.objects().get(1).line()).isEqualTo(6);
    }

    @Test
    void aListWithoutItemsOrWithTheSameObjectTwiceIsRefused() {
        assertThat(onlyProblem("apiVersion: v1\nkind: List\nitems: {}\n").message())
                .contains("is a List without items");
        assertThat(onlyProblem("apiVersion: v1\nkind: List\nitems: []\n").message())
                .contains("no Kubernetes object");
        String twice =
                "apiVersion: v1\nkind: List\nitems:\n" + (SERVICE.indent(2).replaceFirst("^  ", "- ")).repeat(2);
        assertThat(onlyProblem(twice).message()).contains("appears twice (document 1, item 1 and document 1, item 2)");
    }

    @Test
    void aMisspeltKindGetsASuggestion() {
        Problem p = onlyProblem(SERVICE.replace("kind: Service", "kind: Servce"));
        assertThat(p.message())
                .isEqualTo("kind \"Servce\" is not a Kubernetes kind: did you mean \"Service\"? "
                        + "This exercise allows: Service, Pod");
        assertThat(p.line()).isEqualTo(2);
        assertThat(p.column()).isEqualTo(7);
        assertThat(onlyProblem(SERVICE.replace("kind: Service", "kind: service"))
                        .message())
                .contains("did you mean \"Service\"");
    }

    @Test
    void theAllowListMatchesGroupVersionAndKind() {
        Problem foreign = onlyProblem(SERVICE.replace("apiVersion: v1", "apiVersion: example.com/v1"));
        assertThat(foreign.message())
                .isEqualTo("Service is served as apiVersion v1, not \"example.com/v1\": write apiVersion: v1");
        assertThat(foreign.line()).isEqualTo(1);
        assertThat(foreign.column()).isEqualTo(13);

        ExerciseSpec deployments = new ExerciseSpec(
                "d",
                "D",
                "services",
                "s",
                1,
                "p",
                "",
                "",
                List.of("Deployment"),
                List.of(),
                "s",
                List.of(),
                List.of(),
                Set.of(),
                Set.of());
        String deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n";
        assertThat(validator.validate(deployment, deployments).ok()).isTrue();
        ValidatedSubmission old = validator.validate(deployment.replace("apps/v1", "extensions/v1beta1"), deployments);
        assertThat(old.problems())
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("Deployment is served as "
                        + "apiVersion apps/v1, not \"extensions/v1beta1\" (an old version that Kubernetes no longer serves): "
                        + "write apiVersion: apps/v1");
        assertThat(validator
                        .validate(deployment.replace("apps/v1", "v1"), deployments)
                        .problems())
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("write apiVersion: apps/v1");
    }

    @Test
    void readsAnUnquotedDateAsAStringAndLeavesItsNodeAsParsed() {
        ValidatedSubmission v = validate(SERVICE.replace("app: web", "app: web\n    since: 2026-11-30"));
        assertThat(v.ok()).isTrue();
        Map<?, ?> selector =
                (Map<?, ?>) ((Map<?, ?>) v.objects().get(0).content().get("spec")).get("selector");
        assertThat(selector.get("since")).isEqualTo("2026-11-30");
        var selectorNode =
                NodeLocator.valueNode(NodeLocator.valueNode(v.objects().get(0).node(), "spec"), "selector");
        assertThat(NodeLocator.valueNode(selectorNode, "since").getTag()).isEqualTo(Tag.TIMESTAMP);
    }

    @Test
    void placeInReturnsNewObjectsAndLeavesTheGivenOnesAlone() {
        ValidatedSubmission unplaced = validator.validate(SERVICE, spec);
        Object before = unplaced.objects().get(0).content().get("metadata");
        ValidatedSubmission placed = validator.placeIn(unplaced, "sbx-2");
        assertThat(((Map<?, ?>) placed.objects().get(0).content().get("metadata")).get("namespace"))
                .isEqualTo("sbx-2");
        assertThat(((Map<?, ?>) before).containsKey("namespace")).isFalse();
        assertThat(unplaced.objects().get(0).content().get("metadata")).isSameAs(before);
    }

    @Test
    void nodeLocatorPointsAtTheKeyOfAFieldAndFindsListItemsByKey() {
        String yaml = """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: p
                spec:
                  containers:
                    - name: sidecar
                      image: a
                    - name: web
                      image: b
                      ports:
                        - containerPort: 8080
                          protocol: UDP
                        - containerPort: 8080
                  selctor:
                    app: web
                """;
        var node = validate(yaml).objects().get(0).node();
        var key = NodeLocator.fieldNode(node, ".spec.selctor");
        assertThat(key.getStartMark().getLine() + 1)
                .as("the key's line, not its value's")
                .isEqualTo(15);
        assertThat(key.getStartMark().getColumn() + 1).isEqualTo(3);
        assertThat(NodeLocator.fieldNode(node, "spec.containers[name=\"web\"].image")
                                .getStartMark()
                                .getLine()
                        + 1)
                .isEqualTo(10);
        assertThat(NodeLocator.fieldNode(
                                        node,
                                        "spec.containers[name=\"web\"].ports[containerPort=8080," + "protocol=\"TCP\"]")
                                .getStartMark()
                                .getLine()
                        + 1)
                .as("protocol TCP is the default")
                .isEqualTo(14);
        assertThat(NodeLocator.fieldNode(node, "spec.containers[1].resources.limits")
                                .getStartMark()
                                .getLine()
                        + 1)
                .as("the deepest field that exists")
                .isEqualTo(9);
    }
}
