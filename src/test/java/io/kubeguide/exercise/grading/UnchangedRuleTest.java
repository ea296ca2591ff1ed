package io.kubeguide.exercise.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnchangedRuleTest {

    private static final List<Object> SETUP_PORTS = List.of(Map.of("port", 80, "targetPort", 8080));

    @Test
    void defaultsTheApiServerAddedAreFine() {
        var live = List.of(Map.of("port", 80, "targetPort", 8080, "protocol", "TCP"));
        assertThat(UnchangedRule.covers(SETUP_PORTS, live, "ports")).isTrue();
    }

    @Test
    void aChangedOrAddedListItemIsAChange() {
        assertThat(UnchangedRule.covers(SETUP_PORTS, List.of(Map.of("port", 8080, "targetPort", 8080)), "ports"))
                .isFalse();
        assertThat(UnchangedRule.covers(
                        SETUP_PORTS,
                        List.of(Map.of("port", 80, "targetPort", 8080), Map.of("port", 81, "targetPort", 8080)),
                        "ports"))
                .isFalse();
    }

    @Test
    void labelMapsCompareWhole() {
        assertThat(UnchangedRule.covers(Map.of("app", "web"), Map.of("app", "web"), "selector"))
                .isTrue();
        assertThat(UnchangedRule.covers(Map.of("app", "web"), Map.of("app", "web", "tier", "frontend"), "selector"))
                .isFalse();
    }

    @Test
    void scalarsCompareAsKubernetesDoes() {
        assertThat(UnchangedRule.covers("ClusterIP", "ClusterIP", "type")).isTrue();
        assertThat(UnchangedRule.covers("ClusterIP", "NodePort", "type")).isFalse();
        assertThat(UnchangedRule.covers(80, "80", "port")).isTrue();
    }
}
