package io.kubeguide.sandbox;

import io.kubeguide.logging.LogSafe;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider this guide uses, chosen and started in the background when the guide starts ({@link
 * #prepareInBackground}, lessons never wait for it), else on first use. When no provider can serve, the reason is
 * kept as an UNAVAILABLE status and asked again after a minute, so starting Docker or building the binaries helps
 * without a restart.
 */
public class SandboxProviders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxProviders.class);
    static final Duration RETRY_UNAVAILABLE_AFTER = Duration.ofMinutes(1);
    private static final Duration STOP_START_WAIT = Duration.ofSeconds(15);

    private final Supplier<SandboxProviderChoice.Decision> chooser;
    private SandboxProvider provider;
    private SandboxProviderChoice.Decision unavailable;
    private Instant unavailableSince;
    private Thread preparing;

    public SandboxProviders(Supplier<SandboxProviderChoice.Decision> chooser) {
        this.chooser = chooser;
    }

    /** Always this provider (tests, benchmarks). */
    public static SandboxProviders of(SandboxProvider provider) {
        return new SandboxProviders(() -> SandboxProviderChoice.Decision.use(provider.name(), () -> provider));
    }

    /** The provider, chosen but not necessarily started. */
    public synchronized SandboxProvider get() throws SandboxUnavailableException {
        if (provider != null) {
            return provider;
        }
        if (unavailable != null && Instant.now().isBefore(unavailableSince.plus(RETRY_UNAVAILABLE_AFTER))) {
            throw unavailable(unavailable.problem());
        }
        SandboxProviderChoice.Decision decision = chooser.get();
        if (decision.provider() == null) {
            unavailable = decision;
            unavailableSince = Instant.now();
            log.warn("Sandboxes unavailable: {}", decision.problem());
            throw unavailable(decision.problem());
        }
        unavailable = null;
        provider = decision.provider().get();
        log.info("Learners' sandboxes use provider '{}' ({})", provider.name(), decision.reason());
        return provider;
    }

    /**
     * Starts the provider unless it runs (blocks, for minutes when the embedded control plane is built first). A
     * failure is logged under an incident id, the provider forgotten (the next use tries again), and the learner told
     * in words.
     */
    public void start(SandboxProvider provider) throws SandboxUnavailableException {
        try {
            if (!provider.isStarted()) {
                provider.start();
            }
        } catch (RuntimeException e) {
            String incident = LogSafe.newIncidentId();
            log.warn("Incident {}: sandbox provider {} did not start", incident, provider.name(), e);
            String problem = SandboxStatusWording.providerDidNotStart(provider.name(), incident);
            forget(provider, problem);
            throw unavailable(problem);
        }
    }

    /**
     * Chooses and starts the provider now, in a thread of its own, so that the first exercise finds it ready (or
     * further on). {@code chosen} hears the provider chosen, or the problem when there is none, before it starts.
     */
    public void prepareInBackground(Consumer<SandboxProvider> chosen, Consumer<String> none) {
        Thread thread = new Thread(
                () -> {
                    SandboxProvider provider;
                    try {
                        provider = get();
                    } catch (SandboxUnavailableException e) {
                        none.accept(e.getMessage());
                        return;
                    }
                    chosen.accept(provider);
                    try {
                        start(provider);
                        log.info("The {} sandbox provider is ready", provider.name());
                    } catch (SandboxUnavailableException e) {
                        // logged with its incident id; the first exercise tries again
                    }
                },
                "sandbox-provider-start");
        thread.setDaemon(true);
        synchronized (this) {
            preparing = thread;
        }
        thread.start();
    }

    /** While the chosen provider starts (or before it does): how far it is. Never blocks on the provider. */
    public Optional<ProviderProgress> startProgress() {
        SandboxProvider chosen;
        synchronized (this) {
            chosen = provider;
        }
        return chosen == null ? Optional.empty() : chosen.startProgress();
    }

    /** The chosen provider's name, if one is chosen. */
    public synchronized Optional<String> chosenName() {
        return Optional.ofNullable(provider).map(SandboxProvider::name);
    }

    /** Forgets the provider after it failed to start, so the next use chooses and starts again. */
    public void forget(SandboxProvider failed, String problem) {
        synchronized (this) {
            if (provider != failed) {
                return;
            }
            provider = null;
            unavailable = SandboxProviderChoice.Decision.none(problem);
            unavailableSince = Instant.now();
        }
        // outside the lock: closing waits for a start of the same provider still under way in another thread
        try {
            failed.close();
        } catch (RuntimeException e) {
            log.debug("Closing failed provider {}: {}", failed.name(), e.getMessage());
        }
    }

    static SandboxUnavailableException unavailable(String problem) {
        return new SandboxUnavailableException(
                new SandboxStatus(SandboxState.UNAVAILABLE, problem, null, null, null, null));
    }

    /** Ends a start still under way in the background (a build is stopped), then closes the provider. */
    @Override
    public void close() {
        Thread starting;
        synchronized (this) {
            starting = preparing;
        }
        if (starting != null && starting.isAlive()) {
            starting.interrupt();
            try {
                starting.join(STOP_START_WAIT.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProvider();
    }

    private synchronized void closeProvider() {
        if (provider != null) {
            provider.close();
            provider = null;
        }
    }
}
