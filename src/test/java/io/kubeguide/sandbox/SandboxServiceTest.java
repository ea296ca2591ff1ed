package io.kubeguide.sandbox;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Lifecycle rules of {@link SandboxService} on an in-memory provider; the same rules run on a real API server in
 * {@link SandboxLifecycleIT}. */
class SandboxServiceTest {

    private final InMemoryProvider provider = new InMemoryProvider();
    private SandboxService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.destroy();
        }
    }

    private SandboxService service(SandboxProperties properties) {
        service = new SandboxService(properties, SandboxProviders.of(provider));
        return service;
    }

    private static SandboxRequest request(String learner, String exercise) {
        return new SandboxRequest(learner, exercise, "");
    }

    @Test
    void beyondTheLimitLearnersQueueWithTheirPlaceAndMoveUpWhenOneLeaves() throws Exception {
        SandboxService sandboxes = service(SandboxProperties.defaults().withMaxConcurrent(2));
        sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5));
        sandboxes.awaitReady(request("b", "x"), Duration.ofSeconds(5));
        SandboxStatus c = sandboxes.open(request("c", "x"));
        SandboxStatus d = sandboxes.open(request("d", "x"));
        assertThat(c.state()).isEqualTo(SandboxState.QUEUED);
        assertThat(c.placeInLine()).isEqualTo(1);
        assertThat(d.placeInLine()).isEqualTo(2);
        assertThat(d.message()).contains("number 2 in line");
        assertThat(c.expectedWait()).as("until a held sandbox idles out, plus a preparation")
                .isGreaterThan(Duration.ofMinutes(29));
        assertThat(d.expectedWait()).isGreaterThan(Duration.ofMinutes(29));
        assertThatThrownBy(() -> sandboxes.awaitReady(request("d", "x"), Duration.ofMillis(50)))
                .isInstanceOf(SandboxUnavailableException.class).hasMessageContaining("in line");

        sandboxes.reset(request("a", "y")); // a's old sandbox goes, a joins the line behind d
        await().atMost(5, TimeUnit.SECONDS).until(() -> sandboxes.status("c", "x").isReady());
        assertThat(sandboxes.status("d", "x").placeInLine()).isEqualTo(1);
        assertThat(sandboxes.status("a", "y").placeInLine()).isEqualTo(2);
        assertThat(sandboxes.heldCount()).isEqualTo(2);
    }

    @Test
    void idleSandboxesAreDeletedAndTheLearnerIsToldWhy() throws Exception {
        SandboxService sandboxes = service(SandboxProperties.defaults().withIdleTimeout(Duration.ofMillis(400)));
        Sandbox sandbox = sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5));
        await().atMost(5, TimeUnit.SECONDS).until(() -> !provider.live.contains(sandbox.namespace()));
        SandboxStatus status = sandboxes.status("a", "x");
        assertThat(status.state()).isEqualTo(SandboxState.NONE);
        assertThat(status.message()).contains("without activity");
        assertThat(sandboxes.heldCount()).isZero();
    }

    @Test
    void oneSandboxPerLearnerReusedForTheSameExerciseReplacedForAnother() throws Exception {
        SandboxService sandboxes = service(SandboxProperties.defaults());
        Sandbox first = sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5));
        assertThat(sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5)).namespace())
                .isEqualTo(first.namespace());
        Sandbox other = sandboxes.awaitReady(request("a", "y"), Duration.ofSeconds(5));
        assertThat(other.namespace()).isNotEqualTo(first.namespace());
        await().atMost(5, TimeUnit.SECONDS).until(() -> !provider.live.contains(first.namespace()));
        assertThat(sandboxes.status("a", "x").state()).isEqualTo(SandboxState.NONE);
        assertThat(sandboxes.heldCount()).isEqualTo(1);
    }

    @Test
    void aDeadSandboxIsReplacedWithANotice() throws Exception {
        SandboxService sandboxes = service(SandboxProperties.defaults());
        Sandbox first = sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5));
        provider.live.remove(first.namespace());
        Sandbox fresh = sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5));
        assertThat(fresh.namespace()).isNotEqualTo(first.namespace());
        assertThat(sandboxes.status("a", "x").notice()).contains("fresh one");
    }

    @Test
    void shutdownDeletesEverySandboxOfThisInstance() throws Exception {
        SandboxService sandboxes = service(SandboxProperties.defaults());
        sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5));
        sandboxes.awaitReady(request("b", "x"), Duration.ofSeconds(5));
        sandboxes.destroy();
        assertThat(provider.live).isEmpty();
        assertThat(provider.closed).isTrue();
    }

    @Test
    void aProviderThatCannotStartMakesSandboxesUnavailableWithItsReason() {
        provider.startFailure = new IllegalStateException("kube-apiserver exited: port in use");
        SandboxService sandboxes = service(SandboxProperties.defaults());
        assertThatThrownBy(() -> sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5)))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("port in use")
                .satisfies(e -> assertThat(((SandboxUnavailableException) e).status().state())
                        .isEqualTo(SandboxState.UNAVAILABLE));
    }

    @Test
    void statusWhilePreparingSaysHowLongItTakes() throws Exception {
        provider.gate = new CountDownLatch(1);
        SandboxService sandboxes = service(SandboxProperties.defaults());
        SandboxStatus status = sandboxes.open(request("a", "x"));
        assertThat(status.state()).isEqualTo(SandboxState.PREPARING);
        await().atMost(5, TimeUnit.SECONDS).until(() -> sandboxes.status("a", "x").expectedWait() != null);
        assertThat(sandboxes.status("a", "x").message()).contains("left");
        provider.gate.countDown();
        assertThat(sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5)).provider()).isEqualTo("memory");
    }

    /** Sandboxes as names in a set: enough to exercise the service's rules. */
    static final class InMemoryProvider implements SandboxProvider {
        final Set<String> live = ConcurrentHashMap.newKeySet();
        volatile boolean started;
        volatile boolean closed;
        volatile RuntimeException startFailure;
        volatile CountDownLatch gate;

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public void start() {
            if (startFailure != null) {
                throw startFailure;
            }
            started = true;
        }

        @Override
        public boolean isStarted() {
            return started;
        }

        @Override
        public ProvisionedSandbox provision(SandboxIdentity identity) {
            if (gate != null) {
                try {
                    gate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            live.add(identity.namespace());
            return new ProvisionedSandbox(identity, name(), null, new LearnerCredentials(null, null), null);
        }

        @Override
        public boolean isAlive(ProvisionedSandbox sandbox) {
            return live.contains(sandbox.namespace());
        }

        @Override
        public void release(ProvisionedSandbox sandbox) {
            live.remove(sandbox.namespace());
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
