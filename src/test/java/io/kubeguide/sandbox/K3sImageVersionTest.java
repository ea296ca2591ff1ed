package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The K3s image runs the one pinned Kubernetes version (the pom's kubernetes.version). */
class K3sImageVersionTest {

    @Test
    void k3sImageTagIsThePinnedKubernetesVersion() throws Exception {
        String version = System.getProperty("kubernetes.version");
        if (version == null || version.isBlank()) {
            Matcher m = Pattern.compile("<kubernetes\\.version>([^<]+)</kubernetes\\.version>")
                    .matcher(Files.readString(Path.of("pom.xml")));
            assertThat(m.find()).as("pom.xml declares kubernetes.version").isTrue();
            version = m.group(1).trim();
        }
        assertThat(SandboxProperties.DEFAULT_K3S_IMAGE).isEqualTo("rancher/k3s:v" + version + "-k3s1");
        assertThat(SandboxProperties.defaults().k3sImage()).isEqualTo(SandboxProperties.DEFAULT_K3S_IMAGE);
    }
}
