package io.kubeguide.sandbox;

import io.kubeguide.limits.BucketStore;
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
import org.springframework.stereotype.Service;

/**
 * Learners' sandboxes: one per learner, for the exercise they started (Start, or their first submission), prepared
 * asynchronously with a visible status, reused while they work, deleted after {@code guide.sandbox.idle-timeout}
 * without use ({@link IdleSweeper}), on reset, when they start another exercise, and at shutdown. Places are
 * {@link SandboxQueue}'s: {@code guide.sandbox.max-concurrent} held, a bounded line behind them. Starting a sandbox
 * costs from a budget per minute ({@link SandboxBudget}); reading a status never starts one. The wording is
 * {@link SandboxStatusWording}'s, the waits {@link WaitEstimates}'. Where guide replicas share one cluster, who has
 * which sandbox is also recorded in {@link SandboxOwnership}: a replica finds a learner's sandbox there, takes over
 * one another replica made, and hands its own over when it stops while another replica runs.
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
    private final SandboxOwnership ownership;

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
        this.ownership = ownership;
        this.properties = properties;
        this.providers = providers;
        this.instanceId = properties.instanceId();
        this.clock = clock;
        this.queue = new SandboxQueue(properties.maxConcurrent(), limits.queuedSandboxes());
        this.budget = new SandboxBudget(limits, buckets);
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
    public SandboxStatus open(SandboxRequest request) throws SandboxRefusedException {
        SandboxStatus elsewhere = reconcile(request);
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
        if (ownership.shared() && learnerId != null) {
            Optional<SandboxOwnership.Owned> row = ownership.find(LogSafe.learnerKey(learnerId));
            synchronized (this) {
                LearnerSandbox slot = byLearner.get(learnerId);
                boolean here =
                        slot != null && (slot.state == SandboxState.QUEUED || slot.isLive() && isMine(slot, row));
                if (!here && row.isPresent()) {
                    return statusElsewhere(row.get(), exerciseId);
                }
                if (!here && slot != null && slot.isLive()) {
                    return SandboxStatusWording.notStarted(providers.startProgress()); // deleted by another replica
                }
            }
        }
        return statusHere(learnerId, exerciseId);
    }

    private synchronized SandboxStatus statusHere(String learnerId, String exerciseId) {
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
    public Optional<Sandbox> ready(String learnerId, String exerciseId) {
        Optional<SandboxOwnership.Owned> row = ownership.shared() && learnerId != null
                ? ownership.find(LogSafe.learnerKey(learnerId))
                : Optional.empty();
        synchronized (this) {
            return readyHere(learnerId, exerciseId, row);
        }
    }

    private Optional<Sandbox> readyHere(String learnerId, String exerciseId, Optional<SandboxOwnership.Owned> row) {
        LearnerSandbox slot = byLearner.get(learnerId);
        if (slot == null
                || !slot.isFor(exerciseId)
                || slot.state != SandboxState.READY
                || ownership.shared() && !isMine(slot, row)) {
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
            SandboxStatus elsewhere = reconcile(request);
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
                if (slot == null || !slot.isFor(request.exerciseId()) || !slot.isLive()) {
                    slot = slot != null
                                    && slot.isFor(request.exerciseId())
                                    && (slot.state == SandboxState.FAILED || slot.state == SandboxState.UNAVAILABLE)
                            ? slot
                            : null;
                    if (slot == null) {
                        openHere(request);
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
        if (ownership.shared()) { // made or taken over by another replica
            ownership.find(LogSafe.learnerKey(learnerId)).ifPresent(owned -> {
                try {
                    forgetElsewhere(startedProvider(), owned);
                } catch (SandboxUnavailableException | RuntimeException e) {
                    log.warn("Could not delete sandbox {}: {}", owned.namespace(), e.getMessage());
                }
            });
        }
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
        if (ownership.shared() && identity != null) {
            ownership.touch(LogSafe.learnerKey(learnerId), identity.namespace());
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
            SandboxIdentity identity = SandboxIdentity.next(
                    instanceId,
                    slot.request.serviceTypes(),
                    ownership.shared() ? LogSafe.learnerKey(slot.request.learnerId()) : null);
            claim(slot, identity, provider);
            provisioned = provider.provision(identity);
            SandboxSetup.apply(provisioned, slot.request.setupYaml(), properties.setupTimeout());
            waits.record(provider.name(), Duration.between(started, now()));
            ActiveSandbox sandbox =
                    new ActiveSandbox(slot.request.learnerId(), slot.request.exerciseId(), provider, provisioned);
            boolean stillTheLearners =
                    !ownership.shared() || ownership.markReady(identity.learnerKey(), identity.namespace());
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
            if (ownership.shared() && claimed != null) {
                runQuietly(() -> ownership.forget(claimed.learnerKey(), claimed.namespace()));
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
        if (ownership.shared()) {
            runQuietly(this::reconcileAll);
        }
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
            SandboxIdentity identity = sandbox.provisioned().identity();
            if (ownership.shared() && identity.learnerKey() != null) {
                ownership.forget(identity.learnerKey(), identity.namespace());
            }
            sandbox.sandboxProvider().release(sandbox.provisioned());
        };
        try {
            work.execute(() -> runQuietly(delete));
        } catch (RejectedExecutionException e) {
            runQuietly(delete);
        }
    }

    /**
     * Deletes this instance's sandboxes and stops the provider (the embedded control plane with it). Where replicas
     * share sandboxes and another one runs, the ready ones are handed over instead: their rows stay, adoptable by any
     * replica the learner reaches next; the last replica to stop deletes them all.
     */
    @Override
    public void destroy() {
        SandboxProvider shared = ownership.shared() ? startedProviderOrNull() : null;
        boolean handOver = shared != null && shared.otherInstancesAlive();
        List<LearnerSandbox> slots;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            slots = new ArrayList<>(byLearner.values());
            for (LearnerSandbox slot : slots) {
                if (handOver && slot.state == SandboxState.READY) {
                    slot.sandbox = null; // kept for the replica the learner reaches next
                }
                discard(slot);
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
        if (shared != null && !handOver) { // the last replica: nobody can take the orphans over any more
            deleteOrphans(shared, now().plus(Duration.ofDays(1)));
        }
        providers.close();
    }

    // ---- replicas sharing one cluster (SandboxOwnership) --------------------------------------------------------

    /**
     * Brings this replica's view of the learner in line with the shared registry: a sandbox another replica took
     * over, replaced or deleted is forgotten here (nothing is deleted); a ready one for this exercise is taken over.
     *
     * @return the status to answer while another replica prepares the learner's sandbox, else null
     */
    private SandboxStatus reconcile(SandboxRequest request) {
        if (!ownership.shared()) {
            return null;
        }
        String key = LogSafe.learnerKey(request.learnerId());
        Optional<SandboxOwnership.Owned> row = ownership.find(key);
        synchronized (this) {
            LearnerSandbox slot = byLearner.get(request.learnerId());
            if (slot != null && slot.isLive()) {
                if (slot.state == SandboxState.QUEUED || isMine(slot, row)) {
                    return null;
                }
                dropStale(slot);
            }
        }
        if (row.isEmpty() || !row.get().exerciseId().equals(request.exerciseId())) {
            return null; // none, or one for another exercise: the usual path makes one in its place
        }
        SandboxOwnership.Owned owned = row.get();
        SandboxProvider provider = startedProviderOrNull();
        if (provider == null) {
            return null; // the usual path says why
        }
        if (!owned.ready()) {
            if (provider.isInstanceAlive(owned.instanceId())) {
                return SandboxStatusWording.preparedElsewhere(provider.name());
            }
            forgetElsewhere(provider, owned); // its replica died while preparing it
            return null;
        }
        Optional<ProvisionedSandbox> adopted = provider.adopt(owned.identity(), instanceId);
        if (adopted.isEmpty()) {
            ownership.forget(key, owned.namespace()); // gone: a fresh one follows
            return null;
        }
        if (!ownership.takeOver(key, owned.namespace(), instanceId)) {
            return null; // changed meanwhile: the next look sees how
        }
        synchronized (this) {
            LearnerSandbox current = byLearner.get(request.learnerId());
            if (closed || current != null && current.isLive()) {
                return null;
            }
            LearnerSandbox slot = new LearnerSandbox(request, now());
            slot.identity = owned.identity();
            slot.provider = provider.name();
            slot.sandbox = new ActiveSandbox(request.learnerId(), request.exerciseId(), provider, adopted.get());
            queue.hold(slot); // taken over, never refused: the learner already had it
            slot.settle(SandboxState.READY, SandboxStatusWording.ready(owned.namespace(), provider.name()));
            slot.settled.complete(null);
            byLearner.put(request.learnerId(), slot);
        }
        log.info(
                "Took over sandbox {} of learner {} from guide instance {}",
                owned.namespace(),
                LogSafe.learner(request.learnerId()),
                owned.instanceId());
        return null;
    }

    /** Whether the registry still has this replica serving the slot's sandbox (true before its claim). */
    private boolean isMine(LearnerSandbox slot, Optional<SandboxOwnership.Owned> row) {
        SandboxIdentity identity = slot.identity;
        return identity == null
                || row.isPresent()
                        && row.get().namespace().equals(identity.namespace())
                        && row.get().instanceId().equals(instanceId);
    }

    /** Forgets a slot another replica took over, replaced or deleted, deleting nothing. Caller holds the lock. */
    private void dropStale(LearnerSandbox slot) {
        if (slot.state == SandboxState.READY) {
            slot.sandbox = null;
        }
        discard(slot);
    }

    /**
     * Records the sandbox about to be made as the learner's, in place of the one the registry lists (wherever it is:
     * it is deleted), so that no learner ever has two.
     */
    private void claim(LearnerSandbox slot, SandboxIdentity identity, SandboxProvider provider) {
        if (!ownership.shared()) {
            slot.identity = identity;
            return;
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<SandboxOwnership.Owned> row = ownership.find(identity.learnerKey());
            String replaces = row.map(SandboxOwnership.Owned::namespace).orElse(null);
            if (ownership.claim(identity.learnerKey(), slot.request.exerciseId(), identity, instanceId, replaces)) {
                slot.identity = identity;
                row.ifPresent(old -> runQuietly(() -> provider.delete(old.identity())));
                return;
            }
        }
        throw new IllegalStateException("the learner's sandbox record kept changing under another replica");
    }

    private SandboxStatus statusElsewhere(SandboxOwnership.Owned owned, String exerciseId) {
        if (!owned.exerciseId().equals(exerciseId)) {
            return SandboxStatusWording.servesAnotherExercise(owned.exerciseId());
        }
        String provider = providers.chosenName().orElse(SandboxProviderChoice.CLUSTER);
        return owned.ready()
                ? new SandboxStatus(
                        SandboxState.READY,
                        SandboxStatusWording.ready(owned.namespace(), provider),
                        null,
                        null,
                        null,
                        provider)
                : SandboxStatusWording.preparedElsewhere(provider);
    }

    /** Forgets slots other replicas took over; deletes orphans (their replica gone) unused for the idle timeout. */
    private void reconcileAll() {
        Instant asOf = now();
        Set<String> mine = ownership.namespacesOf(instanceId);
        synchronized (this) {
            for (LearnerSandbox slot : List.copyOf(byLearner.values())) {
                if (slot.state == SandboxState.READY
                        && slot.identity != null
                        && slot.lastUsed.isBefore(asOf)
                        && !mine.contains(slot.identity.namespace())) {
                    dropStale(slot);
                }
            }
        }
        SandboxProvider provider = providers.chosenName().isPresent() ? startedProviderOrNull() : null;
        if (provider != null) {
            deleteOrphans(provider, asOf.minus(properties.idleTimeout()));
        }
    }

    /** Deletes the sandboxes of replicas that are gone, unused since {@code before}. */
    private void deleteOrphans(SandboxProvider provider, Instant before) {
        for (SandboxOwnership.Owned owned : ownership.othersUnusedSince(instanceId, before)) {
            if (!provider.isInstanceAlive(owned.instanceId())) {
                forgetElsewhere(provider, owned);
                log.info("Deleted sandbox {}: its guide replica is gone and nobody took it over", owned.namespace());
            }
        }
    }

    /** Forgets a sandbox of the registry and deletes it, unless its row changed meanwhile. */
    private void forgetElsewhere(SandboxProvider provider, SandboxOwnership.Owned owned) {
        if (ownership.forget(owned.learnerKey(), owned.namespace())) {
            runQuietly(() -> provider.delete(owned.identity()));
        }
    }

    private SandboxProvider startedProvider() throws SandboxUnavailableException {
        SandboxProvider provider = providers.get();
        if (!provider.isStarted()) {
            provider.start();
        }
        return provider;
    }

    /** The started provider, or null when it cannot start (the usual path tells the learner why). */
    private SandboxProvider startedProviderOrNull() {
        try {
            return startedProvider();
        } catch (SandboxUnavailableException | RuntimeException e) {
            log.debug("No sandbox provider for the shared registry: {}", e.getMessage());
            return null;
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
