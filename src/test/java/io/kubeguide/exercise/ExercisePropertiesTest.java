package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code guide.exercise.*} keeps the names (and so the environment variables) the README gives. */
class ExercisePropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ExerciseProperties.class)
    static class Wiring {}

    private final ApplicationContextRunner context = new ApplicationContextRunner().withUserConfiguration(Wiring.class);

    @Test
    void defaultsAreOneMinuteAndTenSubmissionsPerTenSeconds() {
        context.run(ctx -> {
            ExerciseProperties properties = ctx.getBean(ExerciseProperties.class);
            assertThat(properties.sandboxWait()).isEqualTo(Duration.ofSeconds(60));
            assertThat(properties.rateLimit().submissions()).isEqualTo(10);
            assertThat(properties.rateLimit().period()).isEqualTo(Duration.ofSeconds(10));
        });
    }

    @Test
    void bindsTheSettingsByTheirNames() {
        context.withPropertyValues(
                        "guide.exercise.sandbox-wait=5m",
                        "guide.exercise.rate-limit.submissions=40",
                        "guide.exercise.rate-limit.period=60s")
                .run(ctx -> {
                    ExerciseProperties properties = ctx.getBean(ExerciseProperties.class);
                    assertThat(properties.sandboxWait()).isEqualTo(Duration.ofMinutes(5));
                    assertThat(properties.rateLimit().submissions()).isEqualTo(40);
                    assertThat(properties.rateLimit().period()).isEqualTo(Duration.ofSeconds(60));
                });
    }
}
