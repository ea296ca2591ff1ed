package io.kubeguide.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/**
 * Everything the learner reads about their sandbox, in one place. Written for an anonymous stranger: what happens,
 * how long, what to do; never a log line, a local path or a URL of the guide's cluster (those go to the log under the
 * incident id the message shows).
 */
final class SandboxStatusWording {

    private SandboxStatusWording() {}

    static SandboxStatus statusOf(
            LearnerSandbox slot,
            SandboxQueue queue,
            WaitEstimates waits,
            Collection<LearnerSandbox> all,
            Instant now,
            Optional<ProviderProgress> providerProgress) {
        switch (slot.state) {
            case QUEUED: {
                int place = queue.placeOf(slot);
                Duration wait = waits.queueWait(place, all, now);
                return new SandboxStatus(
                        SandboxState.QUEUED,
                        "All " + queue.maxHeld()
                                + " sandboxes are in use. You are number " + place + " in line; expected wait about "
                                + human(wait) + ". This page updates by itself.",
                        place,
                        wait,
                        slot.notice,
                        slot.provider);
            }
            case PREPARING: {
                if (slot.startingProvider && providerProgress.isPresent()) {
                    ProviderProgress p = providerProgress.get();
                    return new SandboxStatus(
                            SandboxState.PREPARING,
                            "Starting the " + slot.provider + " Kubernetes sandbox: " + inWords(p)
                                    + ". Only the first exercise after the guide starts waits for this.",
                            null,
                            Duration.ofSeconds(p.remainingSeconds()),
                            slot.notice,
                            slot.provider,
                            p);
                }
                Duration remaining = waits.remaining(slot, now);
                String message = slot.startingProvider
                        ? "Starting the " + slot.provider + " Kubernetes sandbox (only the first exercise after the "
                                + "guide starts waits for this)."
                        : "Preparing your sandbox, about " + human(remaining) + " left.";
                return new SandboxStatus(
                        SandboxState.PREPARING,
                        message,
                        null,
                        slot.startingProvider ? null : remaining,
                        slot.notice,
                        slot.provider);
            }
            default:
                return new SandboxStatus(slot.state, slot.message, null, null, slot.notice, slot.provider);
        }
    }

    static SandboxStatus notStarted(Optional<ProviderProgress> providerProgress) {
        String message = "No sandbox yet: press Start, or just submit, and one is prepared for you.";
        return providerProgress
                .map(p -> new SandboxStatus(
                        SandboxState.NONE,
                        message + " Meanwhile the guide is getting its Kubernetes sandboxes ready: " + inWords(p) + ".",
                        null,
                        null,
                        null,
                        null,
                        p))
                .orElseGet(() -> SandboxStatus.none(message));
    }

    /** "compiling Kubernetes (412 of 2799 packages), 23 %, about 3 min left" */
    static String inWords(ProviderProgress p) {
        return p.step() + ", " + p.percent() + " %, " + p.remainingInWords();
    }

    static SandboxStatus servesAnotherExercise(String exerciseId) {
        return SandboxStatus.none(
                "Your sandbox serves exercise " + exerciseId + "; pressing Start (or submitting) here replaces it.");
    }

    /** Another guide replica prepares the learner's sandbox (they were sent there first). */
    static SandboxStatus preparedElsewhere(String provider) {
        return new SandboxStatus(
                SandboxState.PREPARING,
                "Preparing your sandbox; this page updates by itself.",
                null,
                null,
                null,
                provider);
    }

    static String notReadyYet(String status) {
        return "Your sandbox is not ready yet: " + status;
    }

    static String ready(String namespace, String provider) {
        return "Your sandbox is ready: namespace " + namespace + " on the " + provider + " provider.";
    }

    static String preparationFailed(String incident) {
        return "Preparing your sandbox failed (incident " + incident + "; the guide's operator finds the cause in "
                + "the log under that id). Press Reset to try again.";
    }

    static String providerDidNotStart(String provider, String incident) {
        return "The " + provider + " Kubernetes sandbox could not start (incident " + incident + "; the guide's "
                + "operator finds the cause in the log under that id). Lessons work as usual.";
    }

    static String noProvider(String incident) {
        return "Exercises need a Kubernetes sandbox, and this guide cannot start one right now (incident " + incident
                + "; the guide's operator finds what is missing in the log under that id). Lessons work as usual.";
    }

    static String shuttingDown() {
        return "The guide is shutting down; sandboxes are not prepared now.";
    }

    static String deadReplaced() {
        return "Your sandbox stopped answering (its namespace or its cluster is gone), so a fresh one was prepared "
                + "with the exercise's setup. Objects you created before are gone; submit again.";
    }

    static String deletedAfterIdling(Duration idle) {
        return "Your sandbox was deleted after " + minutes(idle)
                + " without activity; press Start (or submit) for a fresh one.";
    }

    static String lineIsFull(int held, int waiting) {
        return "All " + held + " sandboxes are in use and the line is full (" + waiting + " learners waiting). "
                + "Try again in a few minutes; lessons work as usual meanwhile.";
    }

    static String tooManyStarted(Duration retryAfter, boolean fromYourAddress) {
        return (fromYourAddress
                        ? "Too many sandboxes were started from your network address"
                        : "Too many sandboxes were started on this guide")
                + " in the last minute. Try again in "
                + human(retryAfter) + ".";
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
}
