package io.kubeguide.exercise.grading;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.kubeguide.exercise.spec.ExerciseSpec.Check;
import io.kubeguide.exercise.spec.ExerciseSpec.ServicePortRef;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServicePortRuleTest {

    private final FixedSandboxObjects sandbox = new FixedSandboxObjects()
            .with(new ServiceBuilder()
                    .withNewMetadata()
                    .withName("frontend")
                    .endMetadata()
                    .withNewSpec()
                    .addToPorts(new ServicePortBuilder()
                            .withName("alt")
                            .withPort(8081)
                            .withProtocol("TCP")
                            .withTargetPort(new IntOrString(8080))
                            .withNodePort(31001)
                            .build())
                    .addToPorts(new ServicePortBuilder()
                            .withName("web")
                            .withPort(80)
                            .withProtocol("TCP")
                            .withTargetPort(new IntOrString("http"))
                            .withNodePort(31000)
                            .build())
                    .endSpec()
                    .build());

    private static Check check(int port, String path, Object equalTo, List<Object> oneOf) {
        return new Check(
                "c",
                "e",
                null,
                new ServicePortRef("frontend", port, null, null),
                path,
                equalTo,
                null,
                oneOf,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
    }

    @Test
    void findsThePortByNumberWhereverItStands() {
        Outcome outcome = new ServicePortRule(
                        check(80, "$.targetPort", null, List.of(new BigDecimal(8080), "http")), true, "ns")
                .evaluate(sandbox);
        assertThat(outcome.state()).isEqualTo(Outcome.State.PASSED);
        assertThat(outcome.message()).isEqualTo("targetPort is http");
    }

    @Test
    void aMissingPortListsThePortsThereAre() {
        Outcome outcome = new ServicePortRule(check(8080, null, null, null), true, "ns").evaluate(sandbox);
        assertThat(outcome.state()).isEqualTo(Outcome.State.FAILED);
        assertThat(outcome.message())
                .isEqualTo("Service frontend has no port 8080/TCP; its ports: "
                        + "8081/TCP (alt) -> 8080, 80/TCP (web) -> http");
    }

    @Test
    void aFieldOfThatPortIsReadFromThatPort() {
        Outcome outcome =
                new ServicePortRule(check(80, "$.nodePort", new BigDecimal(31001), null), true, "ns").evaluate(sandbox);
        assertThat(outcome.state()).isEqualTo(Outcome.State.FAILED);
        assertThat(outcome.message()).isEqualTo("nodePort is 31000; expected 31001");
    }
}
