package io.kubeguide.sandbox;

import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Once the guide serves lessons: starts the sandbox provider in the background and says in one line where the guide
 * is and what the first exercise will wait for.
 */
@Component
class SandboxWarmUp {

    private static final Logger log = LoggerFactory.getLogger(SandboxWarmUp.class);

    private final SandboxProviders providers;
    private final SandboxWarmUpProperties properties;
    private final Environment environment;

    SandboxWarmUp(SandboxProviders providers, SandboxWarmUpProperties properties, Environment environment) {
        this.providers = providers;
        this.properties = properties;
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void guideStarted() {
        String guide = "Kubernetes Mastery Guide: http://localhost:"
                + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"))
                + "/ serves lessons now; ";
        if (!properties.enabled()) {
            log.info(
                    "{}the first exercise opened starts the sandbox provider (guide.sandbox.warm-up.enabled=false)",
                    guide);
            return;
        }
        providers.prepareInBackground(
                provider -> log.info(
                        "{}the first exercise waits for {}, begun now in the background",
                        guide,
                        firstWait(provider.name(), provider.startProgress())),
                problem -> log.info("{}exercises are not available: {}", guide, problem));
    }

    /** e.g. "a build of the embedded control plane from the Go modules, then its start, about 5 min". */
    static String firstWait(String provider, Optional<ProviderProgress> progress) {
        if (progress.isEmpty()) {
            return "the " + provider + " sandbox provider to connect";
        }
        ProviderProgress p = progress.get();
        String what;
        if (p.phases().contains("compile")) {
            what = "a build of the embedded control plane from the Go modules (once per machine), then its start";
        } else if (p.phases().contains("download")) {
            what = "a download of the embedded control plane's release binaries, then its start";
        } else if (p.phases().contains("etcd")) {
            what = "the start of the embedded control plane (its binaries are there)";
        } else {
            what = p.step();
        }
        return what + ", about " + SandboxStatusWording.human(Duration.ofSeconds(p.remainingSeconds()));
    }
}
