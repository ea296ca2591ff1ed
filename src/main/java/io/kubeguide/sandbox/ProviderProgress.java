package io.kubeguide.sandbox;

import java.time.Duration;
import java.util.List;

/**
 * How far a sandbox provider has come in starting (e.g. the embedded control plane being built, then started): shown
 * as a progress bar in the exercise panel and in the status API while the first sandbox waits for it.
 *
 * @param phase            the phase under way, e.g. {@code compile}
 * @param step             the phase in words, e.g. "compiling Kubernetes (412 of 2799 packages)"
 * @param percent          of the whole start, 0 to 99 while under way
 * @param remainingSeconds estimated seconds until the provider is started (from this machine's last run)
 * @param phases           every phase of this start, in order (e.g. modules, compile, link, etcd, api-server,
 *                         nodes, controllers)
 */
public record ProviderProgress(String phase, String step, int percent, long remainingSeconds, List<String> phases) {

    public ProviderProgress {
        phases = List.copyOf(phases);
    }

    /** "about 3 min left", for people. */
    public String remainingInWords() {
        return "about " + SandboxStatusWording.human(Duration.ofSeconds(remainingSeconds)) + " left";
    }
}
