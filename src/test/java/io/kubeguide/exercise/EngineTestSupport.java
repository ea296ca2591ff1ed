package io.kubeguide.exercise;

import io.kubeguide.sandbox.SandboxProperties;
import io.kubeguide.sandbox.SandboxProviders;
import io.kubeguide.sandbox.SharedClusterConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;

/**
 * The whole guide (real application context) on the test JVM's one embedded control plane
 * ({@code SharedEmbeddedCluster}), with the course from {@code content/} plus the test-only exercises of
 * {@code src/test/resources/exercises/}, an in-memory database and a rate limit that the tests' own traffic stays under
 * (budgets per client address out of the way: every test learner is 127.0.0.1).
 * Subclasses share one cached context.
 */
@SpringBootTest(
        properties = {
            "spring.datasource.url=jdbc:h2:mem:engine-it;DB_CLOSE_DELAY=-1",
            "guide.exercise.rate-limit.submissions=40",
            "guide.exercise.rate-limit.period=60s",
            "guide.sandbox.provider=embedded",
            // every test learner comes from 127.0.0.1: the per-address budgets would otherwise serve a handful
            "guide.limits.learners-per-minute=100000",
            "guide.limits.learners-per-minute-per-client=100000",
            "guide.limits.sandboxes-per-minute=100000",
            "guide.limits.sandboxes-per-minute-per-client=100000",
            "guide.limits.submissions-per-minute-per-client=100000",
            // the first submission of the run also waits for the control plane to start (slow on a busy machine)
            "guide.exercise.sandbox-wait=300s"
        })
@AutoConfigureMockMvc
@Import(EngineTestSupport.SharedSandboxes.class)
public abstract class EngineTestSupport {

    static final Path CONTENT = Path.of("target", "test-content").toAbsolutePath();

    @DynamicPropertySource
    static void content(DynamicPropertyRegistry registry) {
        prepareContent();
        registry.add("guide.content.dir", CONTENT::toString);
    }

    static synchronized void prepareContent() {
        try {
            FileSystemUtils.deleteRecursively(CONTENT);
            FileSystemUtils.copyRecursively(Path.of("content"), CONTENT);
            try (Stream<Path> extra = Files.list(Path.of("src", "test", "resources", "exercises"))) {
                for (Path p : extra.toList()) {
                    Files.copy(p, CONTENT.resolve("services/exercises").resolve(p.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sandboxes on the shared embedded cluster instead of one the application would start itself. */
    @TestConfiguration(proxyBeanMethods = false)
    static class SharedSandboxes {
        @Bean
        @Primary
        SandboxProviders sharedClusterSandboxes(SandboxProperties properties) {
            return SandboxProviders.of(SharedClusterConnection.provider(properties.instanceId()));
        }
    }
}
