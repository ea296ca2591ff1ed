package io.kubeguide.exercise;

import io.kubeguide.exercise.SubmissionValidator.ValidatedSubmission;
import io.kubeguide.exercise.grading.GradeReport.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SubmissionValidatorTest {

    private final SubmissionValidator validator = new SubmissionValidator();
    private final ExerciseSpec spec = new ExerciseSpec("demo", "Demo", "services", "creating-a-service", 1, "p", "",
            "", List.of("Service", "Pod"), List.of(), "s", List.of(), List.of(), Set.of());

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

    private ValidatedSubmission validate(String yaml) {
        return validator.validate(yaml, spec, "sbx-1");
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
        assertThat(((Map<?, ?>) v.objects().get(0).content().get("metadata")).get("namespace")).isEqualTo("sbx-1");
    }

    @Test
    void acceptsTheOwnNamespaceAndStripsServerFields() {
        ValidatedSubmission v = validate(SERVICE.replace("  name: frontend-service\n",
                "  name: frontend-service\n  namespace: sbx-1\n  resourceVersion: \"12\"\n"));
        assertThat(v.ok()).isTrue();
        assertThat(((Map<?, ?>) v.objects().get(0).content().get("metadata")).containsKey("resourceVersion")).isFalse();
    }

    @Test
    void syntaxErrorHasLineAndColumn() {
        Problem p = onlyProblem("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n   bad: [\n");
        assertThat(p.line()).isNotNull();
        assertThat(p.message()).contains("line " + p.line());
    }

    @Test
    void aliasBombIsRefused() {
        StringBuilder sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
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
        Problem p = onlyProblem(SERVICE.replace("  name: frontend-service\n",
                "  name: frontend-service\n  namespace: kube-system\n"));
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
        assertThat(NodeLocator.find(node, "spec.ports[0].port").getStartMark().getLine() + 1).isEqualTo(9);
        assertThat(NodeLocator.find(node, "spec.ports[0].targetPort").getStartMark().getLine() + 1).isEqualTo(9);
        assertThat(NodeLocator.find(node, "spec.selector[app]").getStartMark().getLine() + 1).isEqualTo(7);
        assertThat(NodeLocator.segments("metadata.labels[app.kubernetes.io/name]"))
                .containsExactly("metadata", "labels", "app.kubernetes.io/name");
    }
}
