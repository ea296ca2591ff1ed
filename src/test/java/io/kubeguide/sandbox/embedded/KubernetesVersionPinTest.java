package io.kubeguide.sandbox.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** One Kubernetes version: the pom, the Go module of the embedded build and the Java defaults must agree. */
class KubernetesVersionPinTest {

    private static String goMod() throws Exception {
        return Files.readString(Path.of("embedded-cluster/go.mod"));
    }

    private static String required(String goMod, String module) {
        Matcher m = Pattern.compile("(?m)^\\s*" + Pattern.quote(module) + " v(\\S+)")
                .matcher(goMod);
        assertThat(m.find()).as("go.mod requires %s", module).isTrue();
        return m.group(1);
    }

    @Test
    void pomGoModAndDefaultsPinTheSameKubernetesVersion() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        Matcher m = Pattern.compile("<kubernetes\\.version>([^<]+)</kubernetes\\.version>")
                .matcher(pom);
        assertThat(m.find()).isTrue();
        String pinned = m.group(1).trim();

        assertThat(required(goMod(), "k8s.io/kubernetes")).isEqualTo(pinned);
        assertThat(EmbeddedClusterProperties.DEFAULT_KUBERNETES_VERSION).isEqualTo(pinned);
        assertThat(EmbeddedClusterProperties.defaults().kubernetesVersion()).isEqualTo(pinned);
        assertThat(EmbeddedClusterProperties.defaults().versionedBinDir().toString())
                .endsWith("v" + pinned + "/bin");
    }

    @Test
    void everyStagingModuleIsReplacedByTheMatchingRelease() throws Exception {
        String version = EmbeddedClusterProperties.DEFAULT_KUBERNETES_VERSION;
        String minor = version.substring(version.indexOf('.') + 1); // 1.36.3 -> staging modules v0.36.3
        Matcher replace = Pattern.compile("(?m)^\\s*(k8s\\.io/[\\w.-]+) => (k8s\\.io/[\\w.-]+) v(\\S+)$")
                .matcher(goMod());
        int count = 0;
        while (replace.find()) {
            count++;
            assertThat(replace.group(2)).isEqualTo(replace.group(1));
            assertThat(replace.group(3)).as(replace.group(1)).isEqualTo("0." + minor);
        }
        assertThat(count).as("replaced staging modules").isGreaterThanOrEqualTo(30);
    }

    @Test
    void etcdAndKwokDefaultsMatchGoMod() throws Exception {
        assertThat(required(goMod(), "go.etcd.io/etcd/server/v3"))
                .isEqualTo(EmbeddedClusterProperties.DEFAULT_ETCD_VERSION);
        assertThat(required(goMod(), "sigs.k8s.io/kwok")).isEqualTo(EmbeddedClusterProperties.DEFAULT_KWOK_VERSION);
    }

    @Test
    void buildScriptReadsTheVersionFromGoModOnly() throws Exception {
        String script = Files.readString(Path.of("embedded-cluster/build.sh"));
        assertThat(script)
                .contains("k8s.io/kubernetes")
                .doesNotContain(EmbeddedClusterProperties.DEFAULT_KUBERNETES_VERSION);
        assertThat(ControlPlaneBinaries.COMPONENTS)
                .allSatisfy(c -> assertThat(script).contains(c));
    }
}
