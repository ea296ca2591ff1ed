package io.kubeguide.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider this guide uses, chosen and started on first use (not at boot: lessons never wait for it). When no
 * provider can serve, the reason is kept as an UNAVAILABLE status and asked again after a minute, so starting Docker
 * or building the binaries helps without a restart.
 */
public class SandboxProviders implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxProviders.class);
    static final Duration RETRY_UNAVAILABLE_AFTER = Duration.ofMinutes(1);

    private final Supplier<SandboxProviderChoice.Decision> chooser;
    private SandboxProvider provider;
    private SandboxProviderChoice.Decision unavailable;
    private Instant unavailableSince;

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

    /** The chosen provider's name, if one is chosen. */
    public synchronized Optional<String> chosenName() {
        return Optional.ofNullable(provider).map(SandboxProvider::name);
    }

    /** Forgets the provider after it failed to start, so the next use chooses and starts again. */
    public synchronized void forget(SandboxProvider failed, String problem) {
        if (provider == failed) {
            try {
                failed.close();
            } catch (RuntimeException e) {
                log.debug("Closing failed provider {}: {}", failed.name(), e.getMessage());
            }
            provider = null;
            unavailable = SandboxProviderChoice.Decision.none(problem);
            unavailableSince = Instant.now();
        }
    }

    static SandboxUnavailableException unavailable(String problem) {
        return new SandboxUnavailableException(
                new SandboxStatus(SandboxState.UNAVAILABLE, problem, null, null, null, null));
    }

    @Override
    public synchronized void close() {
        if (provider != null) {
            provider.close();
            provider = null;
        }
    }
}
