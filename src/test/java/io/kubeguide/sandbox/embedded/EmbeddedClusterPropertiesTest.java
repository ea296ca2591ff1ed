package io.kubeguide.sandbox.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code guide.embedded.*} binds onto the record; unset settings get working defaults. */
class EmbeddedClusterPropertiesTest {

    private static EmbeddedClusterProperties bind(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("guide.embedded", EmbeddedClusterProperties.class);
    }

    @Test
    void defaultsWithoutAnySetting() {
        EmbeddedClusterProperties props = bind(Map.of());
        Path home = Path.of(System.getProperty("user.home"));

        assertThat(props.binDir()).isNull();
        assertThat(props.workDir()).isEqualTo(home.resolve(".kubeguide/embedded"));
        if (System.getenv("GUIDE_EMBEDDED_CACHE") == null) {
            assertThat(props.cacheDir()).isEqualTo(home.resolve(".cache/kubeguide/embedded"));
        }
        assertThat(props.kubernetesVersion()).isEqualTo(EmbeddedClusterProperties.DEFAULT_KUBERNETES_VERSION);
        assertThat(props.releaseBaseUrl()).isEqualTo(URI.create("https://dl.k8s.io/release"));
        assertThat(props.kwokSha256()).isNull();
        assertThat(props.download()).isTrue();
        assertThat(props.build()).isTrue();
        assertThat(props.nodes()).isEqualTo(2);
        assertThat(props.serviceCidr()).isEqualTo("10.96.0.0/16");
        assertThat(props.nodePortRange()).isEqualTo("30000-32767");
        assertThat(props.startTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(props).isEqualTo(EmbeddedClusterProperties.defaults());
    }

    @Test
    void settingsOverrideDefaults() {
        EmbeddedClusterProperties props = bind(Map.of(
                "guide.embedded.bin-dir", "/opt/kubeguide/bin",
                "guide.embedded.work-dir", "/var/lib/kubeguide",
                "guide.embedded.nodes", "3",
                "guide.embedded.kwok-sha256", "abc",
                "guide.embedded.start-timeout", "45s"));

        assertThat(props.binDir()).isEqualTo(Path.of("/opt/kubeguide/bin"));
        assertThat(props.workDir()).isEqualTo(Path.of("/var/lib/kubeguide"));
        assertThat(props.nodes()).isEqualTo(3);
        assertThat(props.kwokSha256()).isEqualTo("abc");
        assertThat(props.startTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(props.versionedBinDir())
                .endsWith(Path.of("v" + EmbeddedClusterProperties.DEFAULT_KUBERNETES_VERSION, "bin"));
    }
}
