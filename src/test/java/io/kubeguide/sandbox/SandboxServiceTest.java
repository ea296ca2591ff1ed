package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kubeguide.limits.GuideLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
        assertThat(c.expectedWait())
                .as("until a held sandbox idles out, plus a preparation")
                .isGreaterThan(Duration.ofMinutes(29));
        assertThat(d.expectedWait()).isGreaterThan(Duration.ofMinutes(29));
        assertThatThrownBy(() -> sandboxes.awaitReady(request("d", "x"), Duration.ofMillis(50)))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageContaining("in line");

        sandboxes.reset(request("a", "y")); // a's old sandbox goes, a joins the line behind d
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> sandboxes.status("c", "x").isReady());
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
        assertThat(sandboxes
                        .awaitReady(request("a", "x"), Duration.ofSeconds(5))
                        .namespace())
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
    void aProviderThatCannotStartMakesSandboxesUnavailableWithAnIncidentIdNotItsLog() {
        provider.startFailure = new IllegalStateException(
                "kube-apiserver exited: port in use; log /home/guide/.cache/kubeguide/apiserver.log, https://10.1.2.3:6443");
        SandboxService sandboxes = service(SandboxProperties.defaults());
        assertThatThrownBy(() -> sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5)))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageMatching("The memory Kubernetes sandbox could not start \\(incident [0-9a-f]{8};.*")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("port in use", "/home", "https:"))
                .satisfies(e -> assertThat(
                                ((SandboxUnavailableException) e).status().state())
                        .isEqualTo(SandboxState.UNAVAILABLE));
    }

    @Test
    void aFailedPreparationShowsAnIncidentIdNotTheException() throws Exception {
        provider.provisionFailure = new IllegalStateException("Failure executing: POST at: https://10.1.2.3:6443/api");
        SandboxService sandboxes = service(SandboxProperties.defaults());
        assertThatThrownBy(() -> sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5)))
                .isInstanceOf(SandboxUnavailableException.class)
                .hasMessageMatching(
                        "Preparing your sandbox failed \\(incident [0-9a-f]{8};.*Press Reset to try again\\.")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("https:", "POST"));
    }

    @Test
    void readingAStatusNeverStartsReplacesOrDeletesASandbox() throws Exception {
        SandboxService sandboxes = service(SandboxProperties.defaults());
        assertThat(sandboxes.status("nobody", "x").state()).isEqualTo(SandboxState.NONE);
        assertThat(sandboxes.status(null, "x").message()).contains("press Start");
        Sandbox first = sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5));
        assertThat(sandboxes.status("a", "y").message()).contains("serves exercise x");
        assertThat(sandboxes.ready("a", "y")).isEmpty();
        assertThat(sandboxes.ready("a", "x"))
                .get()
                .extracting(Sandbox::namespace)
                .isEqualTo(first.namespace());
        assertThat(sandboxes.status("a", "x").isReady()).isTrue();
        assertThat(provider.live).containsExactly(first.namespace());
        assertThat(provider.provisioned).hasValue(1);
        assertThat(sandboxes.heldCount()).isEqualTo(1);
    }

    @Test
    void switchingWhilePreparingGivesThePlaceToTheNextInLineAtOnce() throws Exception {
        provider.gate = new CountDownLatch(1);
        SandboxService sandboxes = service(SandboxProperties.defaults().withMaxConcurrent(1));
        assertThat(sandboxes.open(request("a", "x")).state()).isEqualTo(SandboxState.PREPARING);
        assertThat(sandboxes.open(request("b", "x")).state()).isEqualTo(SandboxState.QUEUED);
        sandboxes.open(request("a", "y")); // a switches while x is still preparing: b moves up at once
        assertThat(sandboxes.status("b", "x").state()).isEqualTo(SandboxState.PREPARING);
        assertThat(sandboxes.status("a", "y").placeInLine()).isEqualTo(1);
        provider.gate.countDown();
        sandboxes.awaitReady(request("b", "x"), Duration.ofSeconds(5));
        await().atMost(5, TimeUnit.SECONDS).until(() -> provider.live.size() == 1); // a's half-made x is deleted
        assertThat(sandboxes.heldCount()).isEqualTo(1);
    }

    @Test
    void aFullLineTurnsNewLearnersAwayInWordsAndKeepsThoseWaiting() throws Exception {
        SandboxService sandboxes = new SandboxService(
                SandboxProperties.defaults().withMaxConcurrent(1),
                SandboxProviders.of(provider),
                GuideLimits.defaults().withSandboxes(100, 100, 1),
                Clock.systemUTC());
        service = sandboxes;
        sandboxes.awaitReady(request("a", "x"), Duration.ofSeconds(5));
        assertThat(sandboxes.open(request("b", "x")).state()).isEqualTo(SandboxState.QUEUED);
        assertThatThrownBy(() -> sandboxes.open(request("c", "x")))
                .isInstanceOf(SandboxRefusedException.class)
                .hasMessage("All 1 sandboxes are in use and the line is full (1 learners waiting). Try again in a "
                        + "few minutes; lessons work as usual meanwhile.");
        assertThat(sandboxes.status("b", "x").placeInLine()).isEqualTo(1);
        assertThat(sandboxes.open(request("b", "y")).state())
                .as("switching keeps one's place in the count")
                .isEqualTo(SandboxState.QUEUED);
    }

    @Test
    void startsCostFromTheClientsBudgetAndTheGuidesAndARefusalKeepsTheOldSandbox() throws Exception {
        SandboxService sandboxes = new SandboxService(
                SandboxProperties.defaults(),
                SandboxProviders.of(provider),
                GuideLimits.defaults().withSandboxes(3, 2, 10),
                Clock.systemUTC());
        service = sandboxes;
        Sandbox kept = sandboxes.awaitReady(new SandboxRequest("a", "x", "", "192.0.2.1"), Duration.ofSeconds(5));
        sandboxes.open(new SandboxRequest("b", "x", "", "192.0.2.1"));
        assertThat(sandboxes.open(new SandboxRequest("a", "x", "", "192.0.2.1")).state())
                .as("the same exercise again costs nothing")
                .isEqualTo(SandboxState.READY);
        assertThatThrownBy(() -> sandboxes.open(new SandboxRequest("a", "y", "", "192.0.2.1")))
                .isInstanceOf(SandboxRefusedException.class)
                .hasMessageStartingWith("Too many sandboxes were started from your network address in the last minute")
                .satisfies(e ->
                        assertThat(((SandboxRefusedException) e).retryAfter()).isPositive());
        assertThat(sandboxes.ready("a", "x"))
                .get()
                .extracting(Sandbox::namespace)
                .isEqualTo(kept.namespace());
        assertThatThrownBy(() -> sandboxes.reset(new SandboxRequest("c", "x", "", "192.0.2.1")))
                .isInstanceOf(SandboxRefusedException.class);
        sandboxes.open(new SandboxRequest("c", "x", "", "192.0.2.2"));
        assertThatThrownBy(() -> sandboxes.open(new SandboxRequest("d", "x", "", "192.0.2.3")))
                .isInstanceOf(SandboxRefusedException.class)
                .hasMessageStartingWith("Too many sandboxes were started on this guide");
    }

    @Test
    void statusWhilePreparingSaysHowLongItTakes() throws Exception {
        provider.gate = new CountDownLatch(1);
        SandboxService sandboxes = service(SandboxProperties.defaults());
        SandboxStatus status = sandboxes.open(request("a", "x"));
        assertThat(status.state()).isEqualTo(SandboxState.PREPARING);
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> sandboxes.status("a", "x").expectedWait() != null);
        assertThat(sandboxes.status("a", "x").message()).contains("left");
        provider.gate.countDown();
        assertThat(sandboxes
                        .awaitReady(request("a", "x"), Duration.ofSeconds(5))
                        .provider())
                .isEqualTo("memory");
    }

    /** Sandboxes as names in a set: enough to exercise the service's rules. */
    @Test
    void whileTheProviderStartsInTheBackgroundLearnersSeeHowFarItIsAndTheFirstExerciseWaitsForThatStart() {
        provider.startGate = new CountDownLatch(1);
        provider.progress = new ProviderProgress(
                "compile", "compiling Kubernetes (412 of 2799 packages)", 23, 200, List.of("modules", "compile"));
        SandboxProviders providers = SandboxProviders.of(provider);
        service = new SandboxService(SandboxProperties.defaults(), providers);
        providers.prepareInBackground(chosen -> {}, problem -> {});
        await().atMost(5, TimeUnit.SECONDS).until(() -> provider.starting);

        SandboxStatus notStarted = service.status("a", "x");
        assertThat(notStarted.state()).isEqualTo(SandboxState.NONE);
        assertThat(notStarted.progress()).isEqualTo(provider.progress);
        assertThat(notStarted.message())
                .contains("press Start")
                .contains("compiling Kubernetes (412 of 2799 packages), 23 %, about 3 min left");

        assertThatThrownBy(() -> service.awaitReady(request("a", "x"), Duration.ofMillis(200)))
                .isInstanceOfSatisfying(SandboxUnavailableException.class, e -> {
                    assertThat(e.getMessage())
                            .contains("Starting the memory Kubernetes sandbox: compiling Kubernetes (412 of 2799");
                    assertThat(e.status().state()).isEqualTo(SandboxState.PREPARING);
                    assertThat(e.status().progress()).isEqualTo(provider.progress);
                    assertThat(e.status().expectedWait()).isEqualTo(Duration.ofSeconds(200));
                });

        provider.startGate.countDown();
        await().atMost(5, TimeUnit.SECONDS).until(() -> service.status("a", "x").isReady());
        assertThat(service.status("a", "x").progress()).isNull();
        assertThat(provider.starts)
                .as("the exercise waited for the start under way")
                .hasValue(1);
    }

    static final class InMemoryProvider implements SandboxProvider {
        final Set<String> live = ConcurrentHashMap.newKeySet();
        volatile boolean started;
        volatile boolean closed;
        volatile RuntimeException startFailure;
        volatile RuntimeException provisionFailure;
        final AtomicInteger provisioned = new AtomicInteger();
        volatile CountDownLatch gate;
        volatile CountDownLatch startGate;
        volatile boolean starting;
        volatile ProviderProgress progress;
        final AtomicInteger starts = new AtomicInteger();

        @Override
        public String name() {
            return "memory";
        }

        @Override
        public synchronized void start() { // as the real providers: one start at a time
            starts.incrementAndGet();
            starting = true;
            if (startGate != null) {
                try {
                    startGate.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (startFailure != null) {
                throw startFailure;
            }
            started = true;
        }

        @Override
        public synchronized boolean isStarted() {
            return started;
        }

        @Override
        public Optional<ProviderProgress> startProgress() {
            return started ? Optional.empty() : Optional.ofNullable(progress);
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
            if (provisionFailure != null) {
                throw provisionFailure;
            }
            provisioned.incrementAndGet();
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
