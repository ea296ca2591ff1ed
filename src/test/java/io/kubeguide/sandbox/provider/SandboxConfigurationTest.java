package io.kubeguide.sandbox.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.limits.BucketStore;
import io.kubeguide.limits.GuideLimits;
import io.kubeguide.sandbox.SandboxFenceProperties;
import io.kubeguide.sandbox.SandboxOwnership;
import io.kubeguide.sandbox.SandboxProperties;
import io.kubeguide.sandbox.SandboxProviders;
import io.kubeguide.sandbox.SandboxRequest;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxState;
import io.kubeguide.sandbox.embedded.EmbeddedClusterProperties;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The sandbox beans bind {@code guide.sandbox.*} and start nothing until a sandbox is asked for. */
class SandboxConfigurationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        SandboxProperties.class,
        SandboxFenceProperties.class,
        EmbeddedClusterProperties.class,
        GuideLimits.class
    })
    @Import({SandboxConfiguration.class, SandboxService.class})
    static class Wiring {
        @Bean
        SandboxOwnership ownership() {
            return SandboxOwnership.inMemory();
        }

        @Bean
        BucketStore buckets() {
            return BucketStore.inMemory();
        }
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Wiring.class);

    @Test
    void bindsSettingsAndDefaults() {
        context.withPropertyValues(
                        "guide.sandbox.idle-timeout=5m",
                        "guide.sandbox.max-concurrent=7",
                        "guide.sandbox.provider=embedded")
                .run(ctx -> {
                    SandboxProperties properties = ctx.getBean(SandboxProperties.class);
                    assertThat(properties.idleTimeout()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(properties.maxConcurrent()).isEqualTo(7);
                    assertThat(properties.provider()).isEqualTo(SandboxProperties.ProviderSetting.EMBEDDED);
                    assertThat(properties.k3sImage()).isEqualTo(SandboxProperties.DEFAULT_K3S_IMAGE);
                    assertThat(ctx.getBean(SandboxService.class).instanceId())
                            .isEqualTo(properties.instanceId())
                            .matches("[0-9a-f]{8}");
                    assertThat(ctx.getBean(SandboxProviders.class).chosenName())
                            .as("nothing chosen at boot")
                            .isEmpty();
                });
        context.run(ctx ->
                assertThat(ctx.getBean(SandboxProperties.class).idleTimeout()).isEqualTo(Duration.ofMinutes(30)));
    }

    @Test
    void bindsTheAllowedImages() {
        context.run(ctx -> assertThat(ctx.getBean(SandboxFenceProperties.class).allowedImages())
                .containsExactly("registry.k8s.io/pause:3.10"));
        context.withPropertyValues("guide.sandbox.allowed-images=registry.k8s.io/pause:3.10, busybox:1.36")
                .run(ctx -> assertThat(ctx.getBean(SandboxFenceProperties.class).allowedImages())
                        .containsExactly("registry.k8s.io/pause:3.10", "busybox:1.36"));
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void aClusterProviderWithoutKubeconfigIsUnavailableWithAPlainMessageAndTheCauseInTheLog(CapturedOutput log) {
        context.withPropertyValues("guide.sandbox.provider=cluster").run(ctx -> {
            SandboxService service = ctx.getBean(SandboxService.class);
            SandboxRequest request = new SandboxRequest("learner", "services-clusterip", "");
            service.open(request);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> service.status("learner", "services-clusterip").state() == SandboxState.UNAVAILABLE);
            String message = service.status("learner", "services-clusterip").message();
            assertThat(message)
                    .containsPattern("cannot start one right now \\(incident [0-9a-f]{8};")
                    .doesNotContain("kubeconfig");
            String incident = message.replaceAll("(?s).*incident ([0-9a-f]{8}).*", "$1");
            assertThat(log.getAll())
                    .contains("Incident " + incident + ": no sandbox provider: "
                            + "guide.sandbox.provider=cluster needs guide.sandbox.kubeconfig");
        });
    }
}
