package io.kubeguide.sandbox;

import java.time.Duration;

/**
 * What the learner is told about their sandbox.
 *
 * @param placeInLine  1 for the next learner to get a sandbox; only when {@link SandboxState#QUEUED}
 * @param expectedWait estimate until READY (moving average of past preparations, and for a queue the time until
 *                     enough held sandboxes expire); null when READY or unknown
 * @param notice       something the learner should know about what happened, e.g. that a dead sandbox was replaced;
 *                     null when there is nothing to say
 * @param provider     provider name (embedded, k3s, cluster) once one is chosen, else null
 * @param progress     while the provider itself is starting (the first sandbox after the guide starts waits for
 *                     it): how far it is; else null
 */
public record SandboxStatus(
        SandboxState state,
        String message,
        Integer placeInLine,
        Duration expectedWait,
        String notice,
        String provider,
        ProviderProgress progress) {

    public SandboxStatus(
            SandboxState state,
            String message,
            Integer placeInLine,
            Duration expectedWait,
            String notice,
            String provider) {
        this(state, message, placeInLine, expectedWait, notice, provider, null);
    }

    public static SandboxStatus none(String message) {
        return new SandboxStatus(SandboxState.NONE, message, null, null, null, null);
    }

    public boolean isReady() {
        return state == SandboxState.READY;
    }
}
