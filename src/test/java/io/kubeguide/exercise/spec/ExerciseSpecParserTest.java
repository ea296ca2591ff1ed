package io.kubeguide.exercise.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExerciseSpecParserTest {

    private final ExerciseSpecParser parser = new ExerciseSpecParser();

    private static final String MINIMAL = """
            id: demo
            title: Demo
            lesson: services
            section: creating-a-service
            prompt: Do it.
            allow: [Service]
            solution: |
              apiVersion: v1
            checks:
              - id: exists
                expect: Service s exists
                resource: {kind: Service, name: s}
            """;

    @Test
    void readsTheShippedExercise() throws Exception {
        String text = Files.readString(Path.of("content/services/exercises/services-clusterip.yaml"));
        ExerciseSpec spec = parser.parse("services/exercises/services-clusterip.yaml", text);
        assertThat(spec.id()).isEqualTo("services-clusterip");
        assertThat(spec.allow()).containsExactly("Service");
        assertThat(spec.checks())
                .extracting(ExerciseSpec.Check::id)
                .containsExactly(
                        "service-exists",
                        "type-clusterip",
                        "cluster-ip-allocated",
                        "port-80",
                        "selects-web-pods",
                        "routes-to-pods");
        ExerciseSpec.Check routes = spec.checks().get(5);
        assertThat(routes.within()).isEqualTo(Duration.ofSeconds(20));
        assertThat(routes.endpoints().servicePort()).isEqualTo(80);
        assertThat(routes.endpoints().containerPort()).isEqualTo(8080);
        assertThat(spec.checks().get(3).servicePort().port()).isEqualTo(80);
        assertThat(spec.passes()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(spec.wrong()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(spec.setupObjects()).containsExactly(new ExerciseSpec.ObjectKey("Deployment", "web"));
        assertThat(spec.sectionOf(spec.checks().get(0))).isEqualTo("creating-a-service");
        assertThat(spec.sectionOf(spec.checks().get(1))).isEqualTo("clusterip");
    }

    @Test
    void minimalSpecParses() {
        assertThat(parser.parse("services/exercises/demo.yaml", MINIMAL).checks())
                .hasSize(1);
    }

    @Test
    void serviceTypesTheFenceAllowsAreReadAndChecked() {
        assertThat(parser.parse("services/exercises/demo.yaml", MINIMAL).serviceTypes())
                .isEmpty();
        assertThat(parser.parse("services/exercises/demo.yaml", MINIMAL + "serviceTypes: [NodePort]\n")
                        .serviceTypes())
                .containsExactly("NodePort");
        assertThatThrownBy(() -> parser.parse("services/exercises/demo.yaml", MINIMAL + "serviceTypes: [Nodeport]\n"))
                .isInstanceOf(InvalidExerciseSpecException.class)
                .hasMessageContaining("serviceTypes: only NodePort and LoadBalancer");
    }

    @Test
    void unknownFieldIsRefusedWithTheFileName() {
        assertThatThrownBy(() -> parser.parse("services/exercises/demo.yaml", MINIMAL + "colour: blue\n"))
                .isInstanceOf(InvalidExerciseSpecException.class)
                .hasMessageContaining("services/exercises/demo.yaml")
                .hasMessageContaining("unknown field 'colour'");
    }

    @Test
    void unknownFieldInACheckIsRefused() {
        String text = MINIMAL.replace(
                "resource: {kind: Service, name: s}", "resource: {kind: Service, name: s}\n    equal: x");
        assertThatThrownBy(() -> parser.parse("services/exercises/demo.yaml", text))
                .hasMessageContaining("unknown field 'equal'")
                .hasMessageContaining("checks[0]");
    }

    @Test
    void checkWithoutConditionIsRefused() {
        String text = MINIMAL.replace("    resource: {kind: Service, name: s}\n", "");
        assertThatThrownBy(() -> parser.parse("services/exercises/demo.yaml", text))
                .hasMessageContaining("demo.yaml")
                .hasMessageContaining("checks[0] (exists): give exactly one of resource");
    }

    @Test
    void pathNeedsExactlyOnePredicate() {
        String text = MINIMAL.replace(
                "resource: {kind: Service, name: s}", "resource: {kind: Service, name: s}\n    path: $.spec.type");
        assertThatThrownBy(() -> parser.parse("services/exercises/demo.yaml", text))
                .hasMessageContaining("path needs exactly one of equals, matches, oneOf, contains, range");
    }

    @Test
    void rangeBoundsAreNumbersOrQuantities() {
        String quantity = MINIMAL.replace(
                "resource: {kind: Service, name: s}",
                "resource: {kind: Service, name: s}\n    path: $.spec.size\n    range: {min: 1, max: 1Gi}");
        ExerciseSpec.Range range = parser.parse("services/exercises/demo.yaml", quantity)
                .checks()
                .get(0)
                .range();
        assertThat(range.max()).as("kept as written, for messages").isEqualTo("1Gi");
        assertThat(range.upper()).isEqualByComparingTo("1073741824");
        assertThat(range.lower()).isEqualByComparingTo("1");
        assertThatThrownBy(() -> parser.parse("services/exercises/demo.yaml", quantity.replace("1Gi", "1Gb")))
                .hasMessageContaining("checks[0] (exists): range bound '1Gb' is neither a number nor a quantity");
    }

    @Test
    void idMustBeTheFileNameAndWrongMustNameChecks() {
        String text = MINIMAL + "wrong:\n  - why: x\n    yaml: 'a: b'\n    fails: [nope]\n";
        assertThatThrownBy(() -> parser.parse("services/exercises/other.yaml", text))
                .hasMessageContaining("must equal the file name 'other'")
                .hasMessageContaining("fails names 'nope'");
    }

    @Test
    void badWithinIsRefused() {
        String text = MINIMAL.replace(
                "resource: {kind: Service, name: s}", "resource: {kind: Service, name: s}\n    within: soon");
        assertThatThrownBy(() -> parser.parse("services/exercises/demo.yaml", text))
                .hasMessageContaining("within 'soon'");
    }

    @Test
    void aListItemNamedByItsPositionIsRefused() {
        String text = MINIMAL.replace(
                "resource: {kind: Service, name: s}",
                "resource: {kind: Service, name: s}\n    path: $.spec.ports[0].port\n    equals: 80");
        assertThatThrownBy(() -> parser.parse("services/exercises/demo.yaml", text))
                .hasMessageContaining("names a list item by its position")
                .hasMessageContaining("servicePort: {service, port}");
    }

    @Test
    void filtersAndWildcardsAreFine() {
        String text = MINIMAL.replace(
                "resource: {kind: Service, name: s}",
                "resource: {kind: Pod, name: p}\n    path: $.spec.volumes[?(@.name == 'data')].persistentVolumeClaim"
                        + ".claimName\n    equals: data");
        assertThat(parser.parse("services/exercises/demo.yaml", text)
                        .checks()
                        .get(0)
                        .path())
                .contains("?(@.name");
    }

    @Test
    void expectedValuesKeepTheirYamlTypes() {
        String text = MINIMAL.replace(
                "resource: {kind: Service, name: s}",
                "resource: {kind: Deployment, name: web}\n    path: $.spec.replicas\n    equals: 4");
        assertThat(parser.parse("services/exercises/demo.yaml", text)
                        .checks()
                        .get(0)
                        .equalTo())
                .isEqualTo(new BigDecimal("4"));
        String quoted = text.replace("equals: 4", "equals: \"4\"");
        assertThat(parser.parse("services/exercises/demo.yaml", quoted)
                        .checks()
                        .get(0)
                        .equalTo())
                .isEqualTo("4");
    }

    @Test
    void unchangedTakesItsExpectedValuesFromTheSetup() {
        String text = MINIMAL.replace(
                        "resource: {kind: Service, name: s}",
                        "unchanged: {kind: Service, name: s, fields: [spec.selector, spec.type]}")
                + "setup: |\n  apiVersion: v1\n  kind: Service\n  metadata: {name: s}\n  spec:\n    selector: {app: web}\n";
        assertThatThrownBy(() -> parser.parse("services/exercises/demo.yaml", text))
                .hasMessageContaining("unchanged field spec.type is not set by the setup");
        var check = parser.parse("services/exercises/demo.yaml", text.replace(", spec.type]", "]"))
                .checks()
                .get(0);
        assertThat(check.unchanged().expected()).containsEntry("spec.selector", Map.of("app", "web"));
    }

    @Test
    void endpointsNeedTheServicePortAndTheContainerPort() {
        String text = MINIMAL.replace(
                "resource: {kind: Service, name: s}", "endpoints: {service: s, ready: 3, containerPort: 8080}");
        assertThatThrownBy(() -> parser.parse("services/exercises/demo.yaml", text))
                .hasMessageContaining("endpoints needs service, servicePort, containerPort and ready");
    }
}
