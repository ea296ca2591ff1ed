package io.kubeguide.sandbox;

import io.kubeguide.logging.LogSafe;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the registry that guide replicas share ({@link SandboxOwnership}) says about learners' sandboxes, and what
 * this replica writes to it: it finds a learner's sandbox there, takes over one another replica made, claims the one
 * it prepares so a learner never has two, and deletes the orphans of replicas that are gone. Where nothing is shared
 * ({@link SandboxOwnership#inMemory()}) it answers "nothing elsewhere" without asking anything.
 *
 * <p>The slots stay {@link SandboxService}'s: this class reaches them only through {@link LocalSlots}, whose methods
 * take the service's lock, and never holds that lock while it calls the registry or the cluster.
 */
final class SharedSandboxes {

    private static final Logger log = LoggerFactory.getLogger(SharedSandboxes.class);

    /** This replica's slots, as far as the shared registry needs them. Each method takes the service's lock. */
    interface LocalSlots {

        /**
         * Whether this replica queues the learner, or serves their live sandbox by the registry's {@code row}; a live
         * slot the registry gives to another replica or namespace is forgotten (deleting nothing) and false returned.
         */
        boolean servesOrForgets(String learnerId, Optional<SandboxOwnership.Owned> row);

        /**
         * Makes {@code sandbox}, taken over from another replica, the learner's READY slot; false (nothing changed)
         * when the service is closed or the learner got a live slot meanwhile.
         */
        boolean holdTakenOver(SandboxRequest request, SandboxIdentity identity, ActiveSandbox sandbox);

        /** Forgets (deleting nothing) READY slots unused since {@code asOf} whose namespace is not in {@code mine}. */
        void forgetAllBut(Set<String> mine, Instant asOf);
    }

    private final SandboxOwnership ownership;
    private final SandboxProviders providers;
    private final String instanceId;
    private final Duration idleTimeout;
    private final LocalSlots slots;

    SharedSandboxes(
            SandboxOwnership ownership,
            SandboxProviders providers,
            String instanceId,
            Duration idleTimeout,
            LocalSlots slots) {
        this.ownership = ownership;
        this.providers = providers;
        this.instanceId = instanceId;
        this.idleTimeout = idleTimeout;
        this.slots = slots;
    }

    /** False for one guide alone: then every other answer is "nothing elsewhere". */
    boolean active() {
        return ownership.shared();
    }

    /** The learner's row; empty when nothing is shared or there is no learner. */
    Optional<SandboxOwnership.Owned> rowOf(String learnerId) {
        return active() && learnerId != null ? ownership.find(LogSafe.learnerKey(learnerId)) : Optional.empty();
    }

    /** The learner's key for the namespace's label, or null when nothing is shared. */
    String learnerKeyOf(String learnerId) {
        return active() ? LogSafe.learnerKey(learnerId) : null;
    }

    /**
     * Whether the registry still has this replica serving the slot's sandbox (true before its claim, and always
     * when nothing is shared).
     */
    boolean servesHere(LearnerSandbox slot, Optional<SandboxOwnership.Owned> row) {
        SandboxIdentity identity = slot.identity;
        return !active()
                || identity == null
                || row.isPresent()
                        && row.get().namespace().equals(identity.namespace())
                        && row.get().instanceId().equals(instanceId);
    }

    /**
     * Brings this replica's view of the learner in line with the registry: a sandbox another replica took over,
     * replaced or deleted is forgotten here (nothing is deleted); a ready one for this exercise is taken over.
     *
     * @return the status to answer while another replica prepares the learner's sandbox, else null
     */
    SandboxStatus reconcile(SandboxRequest request) {
        if (!active()) {
            return null;
        }
        String key = LogSafe.learnerKey(request.learnerId());
        Optional<SandboxOwnership.Owned> row = ownership.find(key);
        if (slots.servesOrForgets(request.learnerId(), row)) {
            return null;
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
        ActiveSandbox sandbox = new ActiveSandbox(request.learnerId(), request.exerciseId(), provider, adopted.get());
        if (slots.holdTakenOver(request, owned.identity(), sandbox)) {
            log.info(
                    "Took over sandbox {} of learner {} from guide instance {}",
                    owned.namespace(),
                    LogSafe.learner(request.learnerId()),
                    owned.instanceId());
        }
        return null;
    }

    /** What the learner's sandbox that the registry lists (wherever it is) is doing, for {@code exerciseId}. */
    SandboxStatus statusElsewhere(SandboxOwnership.Owned owned, String exerciseId) {
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

    /**
     * Records the sandbox about to be made as the learner's, in place of the one the registry lists (wherever it is:
     * it is deleted), so that no learner ever has two.
     */
    void claim(String exerciseId, SandboxIdentity identity, SandboxProvider provider) {
        if (!active()) {
            return;
        }
        for (int attempt = 0; attempt < 5; attempt++) {
            Optional<SandboxOwnership.Owned> row = ownership.find(identity.learnerKey());
            String replaces = row.map(SandboxOwnership.Owned::namespace).orElse(null);
            if (ownership.claim(identity.learnerKey(), exerciseId, identity, instanceId, replaces)) {
                row.ifPresent(old -> SandboxService.runQuietly(() -> provider.delete(old.identity())));
                return;
            }
        }
        throw new IllegalStateException("the learner's sandbox record kept changing under another replica");
    }

    /** The claimed sandbox is ready; false when another replica replaced it meanwhile (true when nothing is shared). */
    boolean markReady(SandboxIdentity identity) {
        return !active() || ownership.markReady(identity.learnerKey(), identity.namespace());
    }

    /** The learner used their sandbox: an orphan's idle time counts from here. */
    void touch(String learnerId, SandboxIdentity identity) {
        if (active() && identity != null) {
            ownership.touch(LogSafe.learnerKey(learnerId), identity.namespace());
        }
    }

    /** The sandbox is being deleted (or its preparation failed): its row goes, if it still names it. */
    void forget(SandboxIdentity identity) {
        if (active() && identity != null && identity.learnerKey() != null) {
            ownership.forget(identity.learnerKey(), identity.namespace());
        }
    }

    /** Deletes the learner's sandbox the registry lists, made or taken over by another replica. */
    void deleteElsewhere(String learnerId) {
        rowOf(learnerId).ifPresent(owned -> {
            try {
                forgetElsewhere(startedProvider(), owned);
            } catch (SandboxUnavailableException | RuntimeException e) {
                log.warn("Could not delete sandbox {}: {}", owned.namespace(), e.getMessage());
            }
        });
    }

    /** Forgets slots other replicas took over; deletes orphans (their replica gone) unused for the idle timeout. */
    void reconcileAll(Instant asOf) {
        if (!active()) {
            return;
        }
        join(); // again, should another replica have taken this one for gone
        SandboxService.runQuietly(() -> {
            slots.forgetAllBut(ownership.namespacesOf(instanceId), asOf);
            SandboxProvider provider = providers.chosenName().isPresent() ? startedProviderOrNull() : null;
            if (provider != null) {
                deleteOrphans(provider, asOf.minus(idleTimeout));
            }
        });
    }

    /** Lists this replica among those sharing the registry, to be handed sandboxes when another one stops. */
    void join() {
        if (active()) {
            SandboxService.runQuietly(() -> ownership.join(instanceId));
        }
    }

    /**
     * Whether another replica sharing the registry is alive, to take this one's sandboxes over at its stop. Replicas
     * of another guide on the same cluster do not count: they have a database, and so a registry, of their own. Those
     * listed whose Lease lapsed are taken off the list.
     */
    boolean otherReplicasAlive(SandboxProvider provider) {
        try {
            boolean alive = false;
            for (String replica : ownership.replicas()) {
                if (replica.equals(instanceId)) {
                    continue;
                }
                if (provider.isInstanceAlive(replica)) {
                    alive = true;
                } else {
                    ownership.leave(replica);
                }
            }
            return alive;
        } catch (RuntimeException e) {
            // keeping them is the safe side: the next replica to start sweeps what nobody takes over
            log.warn(
                    "Could not tell whether other guide replicas run ({}); handing the sandboxes over", e.getMessage());
            return true;
        }
    }

    /** This replica stops: it is no longer one to hand sandboxes over to. */
    void leave() {
        if (active()) {
            SandboxService.runQuietly(() -> ownership.leave(instanceId));
        }
    }

    /** At stop: the started provider when sandboxes are shared (to hand them over or delete orphans), else null. */
    SandboxProvider providerAtStop() {
        return active() ? startedProviderOrNull() : null;
    }

    /** Deletes the sandboxes of replicas that are gone, unused since {@code before}. */
    void deleteOrphans(SandboxProvider provider, Instant before) {
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
            SandboxService.runQuietly(() -> provider.delete(owned.identity()));
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
}
