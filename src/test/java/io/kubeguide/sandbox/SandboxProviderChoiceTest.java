package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.kubeguide.sandbox.SandboxProperties.ProviderSetting;
import io.kubeguide.sandbox.SandboxProviderChoice.Decision;
import io.kubeguide.sandbox.SandboxProviderChoice.Facts;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

class SandboxProviderChoiceTest {

    private static final Logger log = LoggerFactory.getLogger(SandboxProviderChoiceTest.class);
    private static final SandboxProviderChoice.Factory NO_FACTORY = name -> {
        throw new AssertionError("not made in this test");
    };

    @Test
    void autoPicksEmbeddedWhenDockerIsAbsentOnThisMachine() {
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        log.info("Docker available here: {}", docker);
        assumeFalse(docker, "Docker answers on this machine; the no-Docker fallback is covered by the fake facts");
        Decision decision = SandboxProviderChoice.choose(
                ProviderSetting.AUTO,
                Facts.of(() -> DockerClientFactory.instance().isDockerAvailable(), Optional::empty, Optional::empty),
                NO_FACTORY);
        assertThat(decision.name()).isEqualTo("embedded");
        assertThat(decision.reason()).contains("no Docker");
    }

    @Test
    void autoPicksK3sWhenDockerAnswers() {
        Decision decision = SandboxProviderChoice.choose(
                ProviderSetting.AUTO,
                Facts.of(
                        () -> true,
                        () -> {
                            throw new AssertionError("embedded not asked");
                        },
                        Optional::empty),
                NO_FACTORY);
        assertThat(decision.name()).isEqualTo("k3s");
    }

    @Test
    void autoWithNothingUsableSaysWhatIsMissingAndHowToFixIt() {
        Decision decision = SandboxProviderChoice.choose(
                ProviderSetting.AUTO,
                Facts.of(
                        () -> false,
                        () -> Optional.of("the embedded control plane's binaries are missing: run "
                                + "embedded-cluster/build.sh (needs Go)."),
                        Optional::empty),
                NO_FACTORY);
        assertThat(decision.name()).isNull();
        assertThat(decision.problem())
                .contains("Docker does not answer")
                .contains("embedded-cluster/build.sh")
                .contains("Lessons work");
    }

    @Test
    void configuredProvidersAreCheckedToo() {
        assertThat(SandboxProviderChoice.choose(
                                ProviderSetting.K3S,
                                Facts.of(() -> false, Optional::empty, Optional::empty),
                                NO_FACTORY)
                        .problem())
                .contains("Docker");
        assertThat(SandboxProviderChoice.choose(
                                ProviderSetting.CLUSTER,
                                Facts.of(
                                        () -> false,
                                        Optional::empty,
                                        () -> Optional.of("set guide.sandbox.kubeconfig")),
                                NO_FACTORY)
                        .problem())
                .contains("guide.sandbox.kubeconfig");
        assertThat(SandboxProviderChoice.choose(
                                ProviderSetting.EMBEDDED,
                                Facts.of(() -> true, Optional::empty, Optional::empty),
                                NO_FACTORY)
                        .name())
                .isEqualTo("embedded");
    }
}
