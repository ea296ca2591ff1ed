package io.kubeguide.sandbox;

import io.kubeguide.limits.BucketStore;
import io.kubeguide.limits.GuideLimits;
import io.kubeguide.logging.LogSafe;
import io.kubeguide.metrics.GuideMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * Learners' sandboxes: one per learner, for the exercise they started (Start, or their first submission), prepared
 * asynchronously with a visible status, reused while they work, deleted after {@code guide.sandbox.idle-timeout}
 * without use ({@link IdleSweeper}), on reset, when they start another exercise, and at shutdown. Places are
 * {@link SandboxQueue}'s: {@code guide.sandbox.max-concurrent} held, a bounded line behind them. Starting a sandbox
 * costs from a budget per minute ({@link SandboxBudget}); reading a status never starts one. The wording is
 * {@link SandboxStatusWording}'s, the waits {@link WaitEstimates}'. Where guide replicas share one cluster, who has
 * which sandbox is also recorded in {@link SandboxOwnership}, which {@link SharedSandboxes} reads and writes: a replica
 * finds a learner's sandbox there, takes over one another replica made, and hands its own over when it stops while
 * another replica runs.
 */
@Service
public class SandboxService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SandboxService.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(20);
    /** How often a learner waiting for a sandbox another replica prepares looks again. */
    private static final Duration ELSEWHERE_POLL = Duration.ofMillis(250);

    private final SandboxProperties properties;
    private final SandboxProviders providers;
    private final String instanceId;
    private final Clock clock;
    private final ExecutorService work;
    private final IdleSweeper sweeper;
    private final WaitEstimates waits;
    private final SandboxBudget budget;
    private final SharedSandboxes shared;

    // guarded by this
    private final Map<String, LearnerSandbox> byLearner = new HashMap<>();
    private final SandboxQueue queue;
    private boolean closed;

    @Autowired
    public SandboxService(
            SandboxProperties properties,
            SandboxProviders providers,
            GuideLimits limits,
            SandboxOwnership ownership,
            BucketStore buckets) {
        this(properties, providers, limits, ownership, buckets, Clock.systemUTC());
    }

    /** Without budgets (tests, benchmarks): only the places and the line bound it. */
    public SandboxService(SandboxProperties properties, SandboxProviders providers) {
        this(properties, providers, SandboxOwnership.inMemory());
    }

    /** Without budgets, sharing sandboxes with other replicas through {@code ownership}. */
    public SandboxService(SandboxProperties properties, SandboxProviders providers, SandboxOwnership ownership) {
        this(
                properties,
                providers,
                GuideLimits.defaults()
                        .withSandboxes(
                                Integer.MAX_VALUE,
                                Integer.MAX_VALUE,
                                GuideLimits.defaults().queuedSandboxes()),
                ownership,
                BucketStore.inMemory(),
                Clock.systemUTC());
    }

    SandboxService(SandboxProperties properties, SandboxProviders providers, GuideLimits limits, Clock clock) {
        this(properties, providers, limits, SandboxOwnership.inMemory(), BucketStore.inMemory(), clock);
    }

    private SandboxService(
            SandboxProperties properties,
            SandboxProviders providers,
            GuideLimits limits,
            SandboxOwnership ownership,
            BucketStore buckets,
            Clock clock) {
        this.properties = properties;
        this.providers = providers;
        this.instanceId = properties.instanceId();
        this.clock = clock;
        this.queue = new SandboxQueue(properties.maxConcurrent(), limits.queuedSandboxes());
        this.budget = new SandboxBudget(limits, buckets);
        this.waits = new WaitEstimates(properties.idleTimeout(), providers::chosenName);
        this.work = Executors.newCachedThreadPool(daemonThreads("sandbox-work-"));
        this.shared =
                new SharedSandboxes(ownership, providers, instanceId, properties.idleTimeout(), new SlotsForShared());
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
    public SandboxStatus open(SandboxRequest request) throws SandboxRefusedException {
        SandboxStatus elsewhere = shared.reconcile(request);
        return elsewhere != null ? elsewhere : openHere(request);
    }

    private synchronized SandboxStatus openHere(SandboxRequest request) throws SandboxRefusedException {
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
    public SandboxStatus status(String learnerId, String exerciseId) {
        if (shared.active() && learnerId != null) {
            Optional<SandboxOwnership.Owned> row = shared.rowOf(learnerId);
            synchronized (this) {
                LearnerSandbox slot = byLearner.get(learnerId);
                boolean here = slot != null
                        && (slot.state == SandboxState.QUEUED || slot.isLive() && shared.servesHere(slot, row));
                if (!here && row.isPresent()) {
                    return shared.statusElsewhere(row.get(), exerciseId);
                }
                if (!here && slot != null && slot.isLive()) {
                    return notStarted(); // deleted by another replica
                }
            }
        }
        return statusHere(learnerId, exerciseId);
    }

    private synchronized SandboxStatus statusHere(String learnerId, String exerciseId) {
        LearnerSandbox slot = byLearner.get(learnerId);
        if (slot == null) {
            return notStarted();
        }
        if (!slot.isFor(exerciseId)) {
            return SandboxStatusWording.servesAnotherExercise(slot.request.exerciseId());
        }
        slot.lastSeen = now();
        return statusOf(slot);
    }

    /** The learner's READY sandbox for this exercise, if there is one; only reads (for views). */
    public Optional<Sandbox> ready(String learnerId, String exerciseId) {
        Optional<SandboxOwnership.Owned> row = shared.rowOf(learnerId);
        synchronized (this) {
            return readyHere(learnerId, exerciseId, row);
        }
    }

    private Optional<Sandbox> readyHere(String learnerId, String exerciseId, Optional<SandboxOwnership.Owned> row) {
        LearnerSandbox slot = byLearner.get(learnerId);
        if (slot == null
                || !slot.isFor(exerciseId)
                || slot.state != SandboxState.READY
                || !shared.servesHere(slot, row)) {
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
        boolean opened = false;
        while (true) {
            SandboxStatus elsewhere = shared.reconcile(request);
            if (elsewhere != null) { // another replica prepares it: wait for it there
                if (!now().isBefore(deadline)) {
                    throw new SandboxUnavailableException(notReadyYet(elsewhere));
                }
                pause(ELSEWHERE_POLL, elsewhere);
                continue;
            }
            if (!opened) {
                openHere(request);
                opened = true;
            }
            LearnerSandbox slot;
            synchronized (this) {
                slot = byLearner.get(request.learnerId());
                boolean settledOrLive = slot != null
                        && slot.isFor(request.exerciseId())
                        && (slot.isLive()
                                || slot.state == SandboxState.FAILED
                                || slot.state == SandboxState.UNAVAILABLE);
                if (!settledOrLive) {
                    openHere(request);
                    continue;
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
                        status = notReadyYet(status);
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
    public void release(String learnerId) {
        synchronized (this) {
            LearnerSandbox slot = byLearner.get(learnerId);
            if (slot != null) {
                discard(slot);
            }
        }
        shared.deleteElsewhere(learnerId); // made or taken over by another replica
    }

    /** The learner did something: their sandbox's idle timer starts again. */
    public void touch(String learnerId) {
        SandboxIdentity identity = null;
        synchronized (this) {
            LearnerSandbox slot = byLearner.get(learnerId);
            if (slot != null) {
                slot.lastUsed = slot.lastSeen = now();
                identity = slot.identity;
            }
        }
        shared.touch(learnerId, identity);
    }

    /** Sandboxes held now (preparing or ready), for monitoring and benchmarks. */
    public synchronized int heldCount() {
        return queue.held();
    }

    /** Learners' sandboxes by state now (QUEUED, PREPARING, READY, FAILED, ...), for monitoring. */
    public synchronized Map<SandboxState, Long> countsByState() {
        Map<SandboxState, Long> counts = new EnumMap<>(SandboxState.class);
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
            SandboxIdentity identity = SandboxIdentity.next(
                    instanceId, slot.request.serviceTypes(), shared.learnerKeyOf(slot.request.learnerId()));
            shared.claim(slot.request.exerciseId(), identity, provider);
            slot.identity = identity;
            provisioned = provider.provision(identity);
            SandboxSetup.apply(provisioned, slot.request.setupYaml(), properties.setupTimeout());
            waits.record(provider.name(), Duration.between(started, now()));
            ActiveSandbox sandbox =
                    new ActiveSandbox(slot.request.learnerId(), slot.request.exerciseId(), provider, provisioned);
            boolean stillTheLearners = shared.markReady(identity);
            synchronized (this) {
                if (!stillTheLearners) {
                    discard(slot); // another replica replaced it meanwhile: the learner takes that one
                } else if (!slot.discarded && !closed) {
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
            SandboxIdentity claimed = slot.identity;
            runQuietly(() -> shared.forget(claimed));
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
        shared.reconcileAll(now());
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
        Runnable delete = () -> {
            shared.forget(sandbox.provisioned().identity());
            sandbox.sandboxProvider().release(sandbox.provisioned());
        };
        try {
            work.execute(() -> runQuietly(delete));
        } catch (RejectedExecutionException e) {
            runQuietly(delete);
        }
    }

    /** Once the guide runs, the replicas sharing its registry know of it (nothing to do for one guide alone). */
    @EventListener(ApplicationReadyEvent.class)
    public void joinReplicas() {
        shared.join();
    }

    /**
     * Deletes this instance's sandboxes and stops the provider (the embedded control plane with it). Where replicas
     * share sandboxes and another one runs, the ready ones are handed over instead: their rows stay, adoptable by any
     * replica the learner reaches next; the last replica to stop deletes them all.
     */
    @Override
    public void destroy() {
        SandboxProvider sharedProvider = shared.providerAtStop();
        shared.leave();
        boolean handOver = sharedProvider != null && shared.otherReplicasAlive(sharedProvider);
        List<LearnerSandbox> slots;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            slots = new ArrayList<>(byLearner.values());
            for (LearnerSandbox slot : slots) {
                if (handOver) {
                    discardKeepingSandbox(slot); // kept for the replica the learner reaches next
                } else {
                    discard(slot);
                }
            }
            queue.clear();
        }
        if (handOver) {
            log.info("Handed {} sandbox(es) over to the other guide replicas", slots.size());
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
        if (sharedProvider != null && !handOver) { // the last replica: nobody can take the orphans over any more
            shared.deleteOrphans(sharedProvider, now().plus(Duration.ofDays(1)));
        }
        providers.close();
    }

    /**
     * Takes the slot away as {@link #discard} does but leaves a READY sandbox standing: another replica took it over,
     * replaced or deleted it, or takes it over after this one stops. Caller holds the lock.
     */
    private void discardKeepingSandbox(LearnerSandbox slot) {
        if (slot.state == SandboxState.READY) {
            slot.sandbox = null;
        }
        discard(slot);
    }

    /** This replica's slots as {@link SharedSandboxes} sees them, under this service's lock. */
    private final class SlotsForShared implements SharedSandboxes.LocalSlots {

        @Override
        public boolean servesOrForgets(String learnerId, Optional<SandboxOwnership.Owned> row) {
            synchronized (SandboxService.this) {
                LearnerSandbox slot = byLearner.get(learnerId);
                if (slot != null && slot.isLive()) {
                    if (slot.state == SandboxState.QUEUED || shared.servesHere(slot, row)) {
                        return true;
                    }
                    discardKeepingSandbox(slot);
                }
                return false;
            }
        }

        @Override
        public boolean holdTakenOver(SandboxRequest request, SandboxIdentity identity, ActiveSandbox sandbox) {
            synchronized (SandboxService.this) {
                LearnerSandbox current = byLearner.get(request.learnerId());
                if (closed || current != null && current.isLive()) {
                    return false;
                }
                LearnerSandbox slot = new LearnerSandbox(request, now());
                slot.identity = identity;
                slot.provider = sandbox.sandboxProvider().name();
                slot.sandbox = sandbox;
                queue.hold(slot); // taken over, never refused: the learner already had it
                slot.settle(SandboxState.READY, SandboxStatusWording.ready(identity.namespace(), slot.provider));
                slot.settled.complete(null);
                byLearner.put(request.learnerId(), slot);
                return true;
            }
        }

        @Override
        public void forgetAllBut(Set<String> mine, Instant asOf) {
            synchronized (SandboxService.this) {
                for (LearnerSandbox slot : List.copyOf(byLearner.values())) {
                    if (slot.state == SandboxState.READY
                            && slot.identity != null
                            && slot.lastUsed.isBefore(asOf)
                            && !mine.contains(slot.identity.namespace())) {
                        discardKeepingSandbox(slot);
                    }
                }
            }
        }
    }

    private static SandboxStatus notReadyYet(SandboxStatus status) {
        return new SandboxStatus(
                status.state(),
                SandboxStatusWording.notReadyYet(status.message()),
                status.placeInLine(),
                status.expectedWait(),
                status.notice(),
                status.provider(),
                status.progress());
    }

    private void pause(Duration pause, SandboxStatus status) throws SandboxUnavailableException {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SandboxUnavailableException(status);
        }
    }

    private SandboxStatus notStarted() {
        return SandboxStatusWording.notStarted(providers.startProgress());
    }

    private SandboxStatus statusOf(LearnerSandbox slot) {
        return SandboxStatusWording.statusOf(slot, queue, waits, byLearner.values(), now(), providers.startProgress());
    }

    private Instant now() {
        return clock.instant();
    }

    static void runQuietly(Runnable action) {
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
