package io.kubeguide.sandbox;

import io.kubeguide.limits.GuideLimits;
import io.kubeguide.logging.LogSafe;
import io.kubeguide.metrics.GuideMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Learners' sandboxes: one per learner, for the exercise they started (Start, or their first submission), prepared
 * asynchronously with a visible status, reused while they work, deleted after {@code guide.sandbox.idle-timeout}
 * without use ({@link IdleSweeper}), on reset, when they start another exercise, and at shutdown. Places are
 * {@link SandboxQueue}'s: {@code guide.sandbox.max-concurrent} held, a bounded line behind them. Starting a sandbox
 * costs from a budget per minute ({@link SandboxBudget}); reading a status never starts one. The wording is
 * {@link SandboxStatusWording}'s, the waits {@link WaitEstimates}'.
 */
@Service
public class SandboxService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SandboxService.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(20);

    private final SandboxProperties properties;
    private final SandboxProviders providers;
    private final String instanceId;
    private final Clock clock;
    private final ExecutorService work;
    private final IdleSweeper sweeper;
    private final WaitEstimates waits;
    private final SandboxBudget budget;

    // guarded by this
    private final Map<String, LearnerSandbox> byLearner = new HashMap<>();
    private final SandboxQueue queue;
    private boolean closed;

    @Autowired
    public SandboxService(SandboxProperties properties, SandboxProviders providers, GuideLimits limits) {
        this(properties, providers, limits, Clock.systemUTC());
    }

    /** Without budgets (tests, benchmarks): only the places and the line bound it. */
    public SandboxService(SandboxProperties properties, SandboxProviders providers) {
        this(
                properties,
                providers,
                GuideLimits.defaults()
                        .withSandboxes(
                                Integer.MAX_VALUE,
                                Integer.MAX_VALUE,
                                GuideLimits.defaults().queuedSandboxes()),
                Clock.systemUTC());
    }

    SandboxService(SandboxProperties properties, SandboxProviders providers, GuideLimits limits, Clock clock) {
        this.properties = properties;
        this.providers = providers;
        this.instanceId = properties.instanceId();
        this.clock = clock;
        this.queue = new SandboxQueue(properties.maxConcurrent(), limits.queuedSandboxes());
        this.budget = new SandboxBudget(limits);
        this.waits = new WaitEstimates(properties.idleTimeout(), providers::chosenName);
        this.work = Executors.newCachedThreadPool(daemonThreads("sandbox-work-"));
        this.sweeper = new IdleSweeper(properties.idleTimeout(), this::expireIdle);
    }

    /** This guide instance's id, as in label {@code kubeguide.io/instance} of its sandboxes. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * The learner's sandbox for this exercise: starts preparing it (or queues it) if there is none, replaces the
     * sandbox of another exercise, retries a failed one. Never blocks on the cluster.
     *
     * @throws SandboxRefusedException a new sandbox was needed and a budget is spent or the line is full; the
     *                                 learner's current sandbox (if any) is kept
     */
    public synchronized SandboxStatus open(SandboxRequest request) throws SandboxRefusedException {
        LearnerSandbox slot = byLearner.get(request.learnerId());
        if (slot != null && slot.isFor(request.exerciseId()) && slot.isLive()) {
            slot.lastUsed = slot.lastSeen = now();
            return statusOf(slot);
        }
        return statusOf(replace(slot, request));
    }

    /**
     * What the learner's sandbox for this exercise is doing; NONE when there is none (never started, expired,
     * serving another exercise). Only reads: never starts, replaces or deletes a sandbox.
     *
     * @param learnerId null for a reader who is no learner yet
     */
    public synchronized SandboxStatus status(String learnerId, String exerciseId) {
        LearnerSandbox slot = byLearner.get(learnerId);
        if (slot == null) {
            return SandboxStatusWording.notStarted(providers.startProgress());
        }
        if (!slot.isFor(exerciseId)) {
            return SandboxStatusWording.servesAnotherExercise(slot.request.exerciseId());
        }
        slot.lastSeen = now();
        return statusOf(slot);
    }

    /** The learner's READY sandbox for this exercise, if there is one; only reads (for views). */
    public synchronized Optional<Sandbox> ready(String learnerId, String exerciseId) {
        LearnerSandbox slot = byLearner.get(learnerId);
        if (slot == null || !slot.isFor(exerciseId) || slot.state != SandboxState.READY) {
            return Optional.empty();
        }
        slot.lastSeen = now();
        return Optional.of(slot.sandbox);
    }

    /**
     * The learner's READY sandbox for this exercise, opening it if needed and waiting at most {@code max}. A
     * sandbox found dead (namespace deleted, cluster gone) is replaced, and its status carries a notice.
     *
     * @throws SandboxUnavailableException still queued or preparing after {@code max}, failed, unavailable, or
     *                                     refused ({@link SandboxRefusedException}); its message says why and what
     *                                     to do
     */
    public Sandbox awaitReady(SandboxRequest request, Duration max) throws SandboxUnavailableException {
        Instant deadline = now().plus(max);
        open(request);
        while (true) {
            LearnerSandbox slot;
            synchronized (this) {
                slot = byLearner.get(request.learnerId());
                if (slot == null || !slot.isFor(request.exerciseId()) || !slot.isLive()) {
                    slot = slot != null
                                    && slot.isFor(request.exerciseId())
                                    && (slot.state == SandboxState.FAILED || slot.state == SandboxState.UNAVAILABLE)
                            ? slot
                            : null;
                    if (slot == null) {
                        open(request);
                        continue;
                    }
                }
            }
            long waitMillis = Duration.between(now(), deadline).toMillis();
            try {
                if (waitMillis > 0) {
                    slot.settled.get(waitMillis, TimeUnit.MILLISECONDS);
                }
            } catch (TimeoutException e) {
                // reported below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SandboxUnavailableException(status(request.learnerId(), request.exerciseId()));
            } catch (ExecutionException e) {
                throw new IllegalStateException(e);
            }
            ActiveSandbox sandbox;
            synchronized (this) {
                if (byLearner.get(request.learnerId()) != slot) {
                    continue; // replaced or reset meanwhile: wait for the new one
                }
                if (slot.state != SandboxState.READY) {
                    SandboxStatus status = statusOf(slot);
                    if (slot.state == SandboxState.QUEUED || slot.state == SandboxState.PREPARING) {
                        status = new SandboxStatus(
                                status.state(),
                                SandboxStatusWording.notReadyYet(status.message()),
                                status.placeInLine(),
                                status.expectedWait(),
                                status.notice(),
                                status.provider(),
                                status.progress());
                    }
                    throw new SandboxUnavailableException(status);
                }
                sandbox = slot.sandbox;
                slot.lastUsed = now();
            }
            if (sandbox.sandboxProvider().isAlive(sandbox.provisioned())) {
                return sandbox;
            }
            replaceDead(slot);
        }
    }

    /**
     * A fresh sandbox for this exercise, setup applied again; the old one is deleted.
     *
     * @throws SandboxRefusedException a budget is spent or the line is full; the old sandbox is kept
     */
    public synchronized SandboxStatus reset(SandboxRequest request) throws SandboxRefusedException {
        return statusOf(replace(byLearner.get(request.learnerId()), request));
    }

    /** Deletes the learner's sandbox, whatever it serves, and frees its place at once. */
    public synchronized void release(String learnerId) {
        LearnerSandbox slot = byLearner.get(learnerId);
        if (slot != null) {
            discard(slot);
        }
    }

    /** The learner did something: their sandbox's idle timer starts again. */
    public synchronized void touch(String learnerId) {
        LearnerSandbox slot = byLearner.get(learnerId);
        if (slot != null) {
            slot.lastUsed = slot.lastSeen = now();
        }
    }

    /** Sandboxes held now (preparing or ready), for monitoring and benchmarks. */
    public synchronized int heldCount() {
        return queue.held();
    }

    /** Learners' sandboxes by state now (QUEUED, PREPARING, READY, FAILED, ...), for monitoring. */
    public synchronized Map<SandboxState, Long> countsByState() {
        Map<SandboxState, Long> counts = new java.util.EnumMap<>(SandboxState.class);
        byLearner.values().forEach(slot -> counts.merge(slot.state, 1L, Long::sum));
        return counts;
    }

    /** Learners waiting in line now. */
    public synchronized int waitingCount() {
        return queue.waitingCount();
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------

    /** The old slot (if any) gives way to a new one for {@code request}, if the line and the budgets allow it. */
    private LearnerSandbox replace(LearnerSandbox old, SandboxRequest request) throws SandboxRefusedException {
        boolean oldTakesAPlace = old != null && old.isLive();
        if (!closed && !oldTakesAPlace && queue.isFull()) {
            GuideMetrics.refused("sandbox-line-full");
            throw new SandboxRefusedException(
                    SandboxStatusWording.lineIsFull(queue.maxHeld(), queue.waitingCount()), Duration.ofMinutes(1));
        }
        Optional<SandboxRefusedException> refused = budget.take(request.client());
        if (refused.isPresent()) {
            throw refused.get();
        }
        if (old != null) {
            discard(old);
        }
        return admit(new LearnerSandbox(request, now()));
    }

    private LearnerSandbox admit(LearnerSandbox slot) {
        byLearner.put(slot.request.learnerId(), slot);
        if (closed) {
            slot.placeFreed = true;
            slot.settle(SandboxState.UNAVAILABLE, SandboxStatusWording.shuttingDown());
        } else if (queue.hasFreePlace()) {
            startPreparing(slot);
        } else {
            slot.state = SandboxState.QUEUED;
            queue.enqueue(slot);
        }
        return slot;
    }

    private void startPreparing(LearnerSandbox slot) {
        queue.hold(slot);
        slot.state = SandboxState.PREPARING;
        GuideMetrics.waitedInLine(Duration.between(slot.preparingSince, now()));
        slot.preparingSince = now();
        work.execute(() -> prepare(slot));
    }

    private void prepare(LearnerSandbox slot) {
        SandboxProvider provider = null;
        ProvisionedSandbox provisioned = null;
        try {
            provider = providers.get();
            slot.provider = provider.name();
            slot.startingProvider = true; // isStarted() waits while another preparation starts the provider
            try {
                providers.start(provider);
            } finally {
                synchronized (this) {
                    slot.startingProvider = false;
                    slot.preparingSince = now(); // what follows is the preparation proper
                }
            }
            Instant started = now();
            provisioned = provider.provision(SandboxIdentity.next(instanceId, slot.request.serviceTypes()));
            SandboxSetup.apply(provisioned, slot.request.setupYaml(), properties.setupTimeout());
            waits.record(provider.name(), Duration.between(started, now()));
            ActiveSandbox sandbox =
                    new ActiveSandbox(slot.request.learnerId(), slot.request.exerciseId(), provider, provisioned);
            synchronized (this) {
                if (!slot.discarded && !closed) {
                    slot.sandbox = sandbox;
                    slot.lastUsed = now();
                    slot.settle(
                            SandboxState.READY, SandboxStatusWording.ready(provisioned.namespace(), provider.name()));
                    log.debug(
                            "Sandbox {} ready for learner {}",
                            provisioned.namespace(),
                            LogSafe.learner(slot.request.learnerId()));
                    return;
                }
                freePlace(slot);
            }
            releaseLater(sandbox);
        } catch (SandboxUnavailableException e) {
            String message = e.getMessage();
            if (provider == null) { // no provider: the reason names files and settings, for the operator only
                String incident = LogSafe.newIncidentId();
                log.warn("Incident {}: no sandbox provider: {}", incident, message);
                message = SandboxStatusWording.noProvider(incident);
            }
            synchronized (this) {
                slot.settle(SandboxState.UNAVAILABLE, message);
                freePlace(slot);
            }
        } catch (RuntimeException e) {
            String incident = LogSafe.newIncidentId();
            log.warn("Incident {}: preparing a sandbox for exercise {} failed", incident, slot.request.exerciseId(), e);
            if (provisioned != null) {
                SandboxProvider owner = provider;
                ProvisionedSandbox half = provisioned;
                runQuietly(() -> owner.release(half));
            }
            synchronized (this) {
                slot.settle(SandboxState.FAILED, SandboxStatusWording.preparationFailed(incident));
                freePlace(slot);
            }
        } finally {
            slot.settled.complete(null);
        }
    }

    /** The slot's place goes to the next in line. Caller holds the lock. */
    private void freePlace(LearnerSandbox slot) {
        queue.free(slot);
        promote();
    }

    /**
     * Takes the slot away and frees its place at once; a READY sandbox is deleted in the background, a PREPARING one
     * by its preparing thread when it sees {@code discarded}. Caller holds the lock.
     */
    private void discard(LearnerSandbox slot) {
        slot.discarded = true;
        byLearner.remove(slot.request.learnerId(), slot);
        if (slot.state == SandboxState.QUEUED) {
            queue.remove(slot);
        } else if (slot.state == SandboxState.READY || slot.state == SandboxState.PREPARING) {
            if (slot.state == SandboxState.READY) {
                releaseLater(slot.sandbox);
            }
            freePlace(slot);
        }
        slot.settled.complete(null);
    }

    private void promote() {
        LearnerSandbox next;
        while (!closed && (next = queue.nextIfFree()) != null) {
            startPreparing(next);
        }
    }

    private void replaceDead(LearnerSandbox dead) {
        synchronized (this) {
            if (byLearner.get(dead.request.learnerId()) != dead) {
                return;
            }
            log.info(
                    "Sandbox {} of learner {} is dead; preparing a fresh one",
                    dead.sandbox.namespace(),
                    LogSafe.learner(dead.request.learnerId()));
            discard(dead);
            LearnerSandbox fresh = new LearnerSandbox(dead.request, now());
            fresh.notice = SandboxStatusWording.deadReplaced();
            admit(fresh); // a replacement, not a new start: no budget taken
        }
    }

    void expireIdle() {
        List<LearnerSandbox> expired;
        synchronized (this) {
            expired = sweeper.sweep(byLearner, now(), this::discard);
        }
        for (LearnerSandbox slot : expired) {
            if (slot.sandbox != null) {
                log.info(
                        "Deleted idle sandbox {} of learner {}",
                        slot.sandbox.namespace(),
                        LogSafe.learner(slot.request.learnerId()));
            }
        }
    }

    private void releaseLater(ActiveSandbox sandbox) {
        if (sandbox == null) {
            return;
        }
        try {
            work.execute(() -> runQuietly(() -> sandbox.sandboxProvider().release(sandbox.provisioned())));
        } catch (RejectedExecutionException e) {
            runQuietly(() -> sandbox.sandboxProvider().release(sandbox.provisioned()));
        }
    }

    /** Deletes this instance's sandboxes and stops the provider (the embedded control plane with it). */
    @Override
    public void destroy() {
        List<LearnerSandbox> slots;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            slots = new ArrayList<>(byLearner.values());
            slots.forEach(this::discard);
            queue.clear();
        }
        sweeper.close();
        work.shutdown();
        try {
            if (!work.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("Sandbox preparations still running at shutdown; their namespaces are cleaned up by the "
                        + "next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        providers.close();
    }

    private SandboxStatus statusOf(LearnerSandbox slot) {
        return SandboxStatusWording.statusOf(slot, queue, waits, byLearner.values(), now(), providers.startProgress());
    }

    private Instant now() {
        return clock.instant();
    }

    private static void runQuietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            log.warn("Deleting a sandbox failed: {}", e.getMessage());
        }
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
