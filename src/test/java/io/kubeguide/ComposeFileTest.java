package io.kubeguide;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as an operator gets it: {@code docker compose up} starts the guide without the Docker socket,
 * locked down; K3s through the socket only when asked for (profile {@code k3s}). The syntax itself is checked by
 * {@code docker-compose config -q} in .ci/run.
 */
@SuppressWarnings("unchecked")
class ComposeFileTest {

    private static Map<String, Map<String, Object>> services() throws Exception {
        Map<String, Object> compose = new Yaml().load(Files.readString(Path.of("docker-compose.yml")));
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    @Test
    void theDefaultGuideRunsOnTheEmbeddedProviderWithoutTheDockerSocketLockedDown() throws Exception {
        Map<String, Object> guide = services().get("guide");
        assertThat(guide).doesNotContainKey("profiles");
        assertThat(String.valueOf(guide.get("volumes"))).doesNotContain("docker.sock");
        assertThat(guide).doesNotContainKey("group_add");
        assertThat(String.valueOf(((Map<?, ?>) guide.get("environment")).get("GUIDE_SANDBOX_PROVIDER")))
                .isEqualTo("${GUIDE_SANDBOX_PROVIDER:-embedded}");
        assertLockedDown(guide);
    }

    @Test
    void k3sThroughTheSocketIsOptInAndStillLockedDown() throws Exception {
        Map<String, Object> k3s = services().get("guide-k3s");
        assertThat((List<String>) k3s.get("profiles")).containsExactly("k3s");
        assertThat(String.valueOf(k3s.get("volumes"))).contains("/var/run/docker.sock");
        assertLockedDown(k3s);
        assertThat(Files.readString(Path.of("docker-compose.yml"))).contains("The Docker socket is root on the host");
    }

    @Test
    void onlyTheK3sProfileMountsTheSocket() throws Exception {
        services().forEach((name, service) -> {
            if (String.valueOf(service.get("volumes")).contains("docker.sock")) {
                assertThat(service.get("profiles")).as(name).isEqualTo(List.of("k3s"));
            }
        });
    }

    private static void assertLockedDown(Map<String, Object> service) {
        assertThat(service.get("read_only")).isEqualTo(true);
        assertThat((List<String>) service.get("cap_drop")).containsExactly("ALL");
        assertThat((List<String>) service.get("security_opt")).contains("no-new-privileges:true");
        assertThat(service).doesNotContainKey("privileged").doesNotContainKey("user");
        assertThat(String.valueOf(service.get("volumes"))).contains(":/home/guide/.kubeguide");
    }
}
