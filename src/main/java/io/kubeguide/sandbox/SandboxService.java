package io.kubeguide.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Learners' sandboxes: one per learner, for the exercise they have open, prepared asynchronously with a visible
 * status, reused while they work, deleted after {@code guide.sandbox.idle-timeout} without use, on reset, when they
 * open another exercise, and at shutdown. At most {@code guide.sandbox.max-concurrent} are held (preparing or
 * ready); beyond that learners wait in line. A sandbox found dead when used is replaced and the learner told.
 */
@Service
public class SandboxService implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SandboxService.class);
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(20);
    private static final Duration TOMBSTONE_TIME = Duration.ofHours(2);

    private final SandboxProperties properties;
    private final SandboxProviders providers;
    private final String instanceId;
    private final Clock clock;
    private final ExecutorService work;
    private final ScheduledExecutorService sweeper;
    private final PreparationTimes times = new PreparationTimes();

    // guarded by this
    private final Map<String, LearnerSandbox> byLearner = new HashMap<>();
    private final Deque<LearnerSandbox> queue = new ArrayDeque<>();
    private int held;
    private boolean closed;

    @Autowired
    public SandboxService(SandboxProperties properties, SandboxProviders providers) {
        this(properties, providers, Clock.systemUTC());
    }

    SandboxService(SandboxProperties properties, SandboxProviders providers, Clock clock) {
        this.properties = properties;
        this.providers = providers;
        this.instanceId = properties.instanceId();
        this.clock = clock;
        this.work = Executors.newCachedThreadPool(daemonThreads("sandbox-work-"));
        this.sweeper = Executors.newSingleThreadScheduledExecutor(daemonThreads("sandbox-idle-sweep-"));
        long period = Math.max(200, Math.min(30_000, properties.idleTimeout().toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::expireIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** This guide instance's id, as in label {@code kubeguide.io/instance} of its sandboxes. */
    public String instanceId() {
        return instanceId;
    }

    /**
     * The learner's sandbox for this exercise: starts preparing it (or queues it) if there is none, replaces the
     * sandbox of another exercise, retries a failed one. Never blocks on the cluster.
     */
    public synchronized SandboxStatus open(SandboxRequest request) {
        LearnerSandbox slot = byLearner.get(request.learnerId());
        if (slot != null && slot.isFor(request.exerciseId()) && slot.isLive()) {
            slot.lastUsed = slot.lastSeen = now();
            return statusOf(slot);
        }
        if (slot != null) {
            discard(slot);
        }
        return statusOf(admit(new LearnerSandbox(request, now())));
    }

    /** What the learner's sandbox for this exercise is doing; NONE when there is none (expired, replaced). */
    public synchronized SandboxStatus status(String learnerId, String exerciseId) {
        LearnerSandbox slot = byLearner.get(learnerId);
        if (slot == null) {
            return SandboxStatus.none("No sandbox yet: one is prepared when you open the exercise.");
        }
        if (!slot.isFor(exerciseId)) {
            return SandboxStatus.none("Your sandbox serves exercise " + slot.request.exerciseId()
                    + "; opening this exercise replaces it.");
        }
        slot.lastSeen = now();
        return statusOf(slot);
    }

    /**
     * The learner's READY sandbox for this exercise, opening it if needed and waiting at most {@code max}. A
     * sandbox found dead (namespace deleted, cluster gone) is replaced, and its status carries a notice.
     *
     * @throws SandboxUnavailableException still queued or preparing after {@code max}, failed, or unavailable;
     *                                     its message says why and what to do
     */
    public Sandbox awaitReady(SandboxRequest request, Duration max) throws SandboxUnavailableException {
        Instant deadline = now().plus(max);
        open(request);
        while (true) {
            LearnerSandbox slot;
            synchronized (this) {
                slot = byLearner.get(request.learnerId());
                if (slot == null || !slot.isFor(request.exerciseId()) || !slot.isLive()) {
                    slot = slot != null && slot.isFor(request.exerciseId())
                            && (slot.state == SandboxState.FAILED || slot.state == SandboxState.UNAVAILABLE)
                            ? slot : null;
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
                        status = new SandboxStatus(status.state(), "Your sandbox is not ready yet: "
                                + status.message(), status.placeInLine(), status.expectedWait(), status.notice(),
                                status.provider());
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

    /** A fresh sandbox for this exercise, setup applied again; the old one is deleted. */
    public synchronized SandboxStatus reset(SandboxRequest request) {
        LearnerSandbox slot = byLearner.get(request.learnerId());
        if (slot != null) {
            discard(slot);
        }
        return statusOf(admit(new LearnerSandbox(request, now())));
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
        return held;
    }

    // ---- lifecycle -----------------------------------------------------------------------------------------

    private LearnerSandbox admit(LearnerSandbox slot) {
        byLearner.put(slot.request.learnerId(), slot);
        if (closed) {
            slot.settle(SandboxState.UNAVAILABLE, "The guide is shutting down; sandboxes are not prepared now.");
        } else if (held < properties.maxConcurrent()) {
            startPreparing(slot);
        } else {
            slot.state = SandboxState.QUEUED;
            queue.addLast(slot);
        }
        return slot;
    }

    private void startPreparing(LearnerSandbox slot) {
        held++;
        slot.state = SandboxState.PREPARING;
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
                if (!provider.isStarted()) {
                    provider.start();
                }
            } catch (RuntimeException e) {
                String problem = "The " + provider.name() + " Kubernetes sandbox could not start: "
                        + reason(e) + providerAdvice(provider.name());
                log.warn("Sandbox provider {} did not start", provider.name(), e);
                providers.forget(provider, problem);
                throw SandboxProviders.unavailable(problem);
            } finally {
                synchronized (this) {
                    slot.startingProvider = false;
                    slot.preparingSince = now(); // what follows is the preparation proper
                }
            }
            Instant started = now();
            provisioned = provider.provision(SandboxIdentity.next(instanceId, slot.request.serviceTypes()));
            SandboxSetup.apply(provisioned, slot.request.setupYaml(), properties.setupTimeout());
            times.record(provider.name(), Duration.between(started, now()));
            ActiveSandbox sandbox = new ActiveSandbox(slot.request.learnerId(), slot.request.exerciseId(),
                    provider, provisioned);
            synchronized (this) {
                if (!slot.discarded && !closed) {
                    slot.sandbox = sandbox;
                    slot.lastUsed = now();
                    slot.settle(SandboxState.READY, "Your sandbox is ready: namespace " + provisioned.namespace()
                            + " on the " + provider.name() + " provider.");
                    log.debug("Sandbox {} ready for learner {}", provisioned.namespace(), slot.request.learnerId());
                    return;
                }
                held--;
                promote();
            }
            releaseLater(sandbox);
        } catch (SandboxUnavailableException e) {
            synchronized (this) {
                held--;
                slot.settle(SandboxState.UNAVAILABLE, e.getMessage());
                promote();
            }
        } catch (RuntimeException e) {
            log.warn("Preparing a sandbox for exercise {} failed", slot.request.exerciseId(), e);
            if (provisioned != null) {
                SandboxProvider owner = provider;
                ProvisionedSandbox half = provisioned;
                runQuietly(() -> owner.release(half));
            }
            synchronized (this) {
                held--;
                slot.settle(SandboxState.FAILED, "Preparing your sandbox failed: " + reason(e)
                        + ". Press Reset to try again.");
                promote();
            }
        } finally {
            slot.settled.complete(null);
        }
    }

    /** Frees the slot's place; a READY sandbox is deleted in the background. Caller holds the lock. */
    private void discard(LearnerSandbox slot) {
        slot.discarded = true;
        byLearner.remove(slot.request.learnerId(), slot);
        if (slot.state == SandboxState.QUEUED) {
            queue.remove(slot);
        } else if (slot.state == SandboxState.READY) {
            held--;
            releaseLater(slot.sandbox);
            promote();
        }
        // PREPARING: the preparing thread sees discarded, deletes what it made and frees the place
        slot.settled.complete(null);
    }

    private void promote() {
        while (!closed && held < properties.maxConcurrent() && !queue.isEmpty()) {
            startPreparing(queue.pollFirst());
        }
    }

    private void replaceDead(LearnerSandbox dead) {
        synchronized (this) {
            if (byLearner.get(dead.request.learnerId()) != dead) {
                return;
            }
            log.info("Sandbox {} of learner {} is dead; preparing a fresh one", dead.sandbox.namespace(),
                    dead.request.learnerId());
            discard(dead);
            LearnerSandbox fresh = new LearnerSandbox(dead.request, now());
            fresh.notice = "Your sandbox stopped answering (its namespace or its cluster is gone), so a fresh one "
                    + "was prepared with the exercise's setup. Objects you created before are gone; submit again.";
            admit(fresh);
        }
    }

    void expireIdle() {
        List<LearnerSandbox> expired = new ArrayList<>();
        synchronized (this) {
            Instant now = now();
            Duration idle = properties.idleTimeout();
            for (LearnerSandbox slot : List.copyOf(byLearner.values())) {
                boolean idleTooLong = switch (slot.state) {
                    case READY -> slot.lastUsed.plus(idle).isBefore(now);
                    case QUEUED, FAILED, UNAVAILABLE -> slot.lastSeen.plus(idle).isBefore(now);
                    default -> false;
                };
                if (idleTooLong) {
                    expired.add(slot);
                    discard(slot);
                    if (slot.sandbox != null) {
                        LearnerSandbox tombstone = new LearnerSandbox(slot.request, now);
                        tombstone.state = SandboxState.NONE;
                        tombstone.message = "Your sandbox was deleted after " + minutes(idle)
                                + " without activity; a fresh one is prepared when you open the exercise again.";
                        tombstone.discarded = true;
                        byLearner.put(slot.request.learnerId(), tombstone);
                    }
                }
            }
            // the "deleted after idling" message stays readable for a while, then the learner is forgotten
            Duration keepTombstones = idle.compareTo(TOMBSTONE_TIME) > 0 ? idle : TOMBSTONE_TIME;
            byLearner.values().removeIf(s -> s.state == SandboxState.NONE
                    && s.lastSeen.plus(keepTombstones).isBefore(now));
        }
        for (LearnerSandbox slot : expired) {
            if (slot.sandbox != null) {
                log.info("Deleted idle sandbox {} of learner {}", slot.sandbox.namespace(),
                        slot.request.learnerId());
            }
        }
    }

    private void releaseLater(ActiveSandbox sandbox) {
        if (sandbox == null) {
            return;
        }
        try {
            work.execute(() -> runQuietly(() -> sandbox.sandboxProvider().release(sandbox.provisioned())));
        } catch (java.util.concurrent.RejectedExecutionException e) {
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
        sweeper.shutdownNow();
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

    // ---- status -------------------------------------------------------------------------------------------

    private SandboxStatus statusOf(LearnerSandbox slot) {
        Instant now = now();
        switch (slot.state) {
            case QUEUED: {
                int place = placeInLine(slot);
                Duration wait = queueWait(place, now);
                return new SandboxStatus(SandboxState.QUEUED, "All " + properties.maxConcurrent()
                        + " sandboxes are in use. You are number " + place + " in line; expected wait about "
                        + human(wait) + ". This page updates by itself.", place, wait, slot.notice, slot.provider);
            }
            case PREPARING: {
                Duration expected = times.expected(slot.provider);
                Duration remaining = expected.minus(Duration.between(slot.preparingSince, now));
                if (remaining.compareTo(Duration.ofSeconds(1)) < 0) {
                    remaining = Duration.ofSeconds(1);
                }
                String message = slot.startingProvider
                        ? "Starting the " + slot.provider + " Kubernetes sandbox (only the first exercise after the "
                        + "guide starts waits for this)."
                        : "Preparing your sandbox, about " + human(remaining) + " left.";
                return new SandboxStatus(SandboxState.PREPARING, message, null,
                        slot.startingProvider ? null : remaining, slot.notice, slot.provider);
            }
            default:
                return new SandboxStatus(slot.state, slot.message, null, null, slot.notice, slot.provider);
        }
    }

    private int placeInLine(LearnerSandbox slot) {
        int place = 1;
        for (LearnerSandbox queued : queue) {
            if (queued == slot) {
                return place;
            }
            place++;
        }
        return place;
    }

    /** Until the {@code place}-th held sandbox would expire idle, plus a preparation. */
    private Duration queueWait(int place, Instant now) {
        List<Instant> frees = new ArrayList<>();
        Duration idle = properties.idleTimeout();
        for (LearnerSandbox s : byLearner.values()) {
            if (s.state == SandboxState.READY) {
                frees.add(s.lastUsed.plus(idle));
            } else if (s.state == SandboxState.PREPARING) {
                frees.add(now.plus(times.expected(s.provider)).plus(idle));
            }
        }
        String provider = providers.chosenName().orElse(null);
        if (frees.isEmpty()) {
            return times.expected(provider);
        }
        frees.sort(null);
        int index = (place - 1) % frees.size();
        int rounds = (place - 1) / frees.size();
        Instant free = frees.get(index).plus(idle.multipliedBy(rounds));
        Duration wait = Duration.between(now, free);
        return (wait.isNegative() ? Duration.ZERO : wait).plus(times.expected(provider));
    }

    static String human(Duration d) {
        long seconds = Math.max(1, d.toSeconds());
        if (seconds < 90) {
            return seconds + " s";
        }
        return Math.round(seconds / 60.0) + " min";
    }

    private static String minutes(Duration d) {
        return d.toMinutes() >= 1 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    private static String providerAdvice(String provider) {
        return switch (provider) {
            case SandboxProviderChoice.EMBEDDED -> ". Build the control plane with embedded-cluster/build.sh (needs "
                    + "Go), or start Docker to use K3s sandboxes.";
            case SandboxProviderChoice.K3S -> ". Check that Docker runs and can pull the K3s image.";
            default -> ". Check guide.sandbox.kubeconfig and that the cluster answers.";
        };
    }

    static String reason(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getMessage() == null) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
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

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A learner's place: their request and where its sandbox stands. Fields guarded by the service's lock. */
    private static final class LearnerSandbox {
        final SandboxRequest request;
        final CompletableFuture<Void> settled = new CompletableFuture<>();
        volatile SandboxState state = SandboxState.QUEUED;
        volatile String message;
        volatile String notice;
        volatile String provider;
        volatile boolean startingProvider;
        volatile boolean discarded;
        Instant preparingSince;
        Instant lastUsed;
        Instant lastSeen;
        ActiveSandbox sandbox;

        LearnerSandbox(SandboxRequest request, Instant now) {
            this.request = request;
            this.lastUsed = now;
            this.lastSeen = now;
            this.preparingSince = now;
        }

        boolean isFor(String exerciseId) {
            return request.exerciseId().equals(exerciseId);
        }

        boolean isLive() {
            return state == SandboxState.QUEUED || state == SandboxState.PREPARING || state == SandboxState.READY;
        }

        void settle(SandboxState newState, String newMessage) {
            state = newState;
            message = newMessage;
        }
    }
}
