package io.kubeguide.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who has which sandbox, where every guide replica can see it. {@link #inMemory()}: nothing is shared, this
 * replica's memory ({@link SandboxService}'s slots) is the whole truth, as for one guide alone. {@link
 * DatabaseOwnership}: one row per learner in the guide's database (provider {@code cluster}, whose namespaces every
 * replica reaches), so any replica finds a learner's sandbox, takes it over, and never makes a second one.
 */
public interface SandboxOwnership {

    /**
     * A learner's sandbox as the registry knows it.
     *
     * @param learnerKey {@code LogSafe.learnerKey} of the learner id, never the id (it is their cookie)
     * @param instanceId the replica serving it now (it took it over last)
     * @param ready      false while that replica prepares it
     */
    record Owned(
            String learnerKey,
            String exerciseId,
            SandboxIdentity identity,
            String instanceId,
            boolean ready,
            Instant lastUsed) {
        public String namespace() {
            return identity.namespace();
        }
    }

    /** False when nothing is shared: then no other method needs calling. */
    boolean shared();

    Optional<Owned> find(String learnerKey);

    /**
     * Records the sandbox this replica starts preparing for the learner: a new row when {@code replaces} is null,
     * else in place of the row that still names namespace {@code replaces}.
     *
     * @return false when another replica changed the learner's row first (read it again)
     */
    boolean claim(String learnerKey, String exerciseId, SandboxIdentity identity, String instanceId, String replaces);

    /** The sandbox in {@code namespace} is ready; false when the learner's row names another one now. */
    boolean markReady(String learnerKey, String namespace);

    /** This replica serves the sandbox in {@code namespace} from now on; false when the row changed. */
    boolean takeOver(String learnerKey, String namespace, String instanceId);

    /** The learner used the sandbox in {@code namespace}: the idle time of an orphan counts from here. */
    void touch(String learnerKey, String namespace);

    /** Forgets the row if it still names {@code namespace}; true when it did. */
    boolean forget(String learnerKey, String namespace);

    /** Namespaces of the sandboxes {@code instanceId} serves. */
    Set<String> namespacesOf(String instanceId);

    /** Rows of every learner served by another replica than {@code instanceId}, last used before {@code cutoff}. */
    List<Owned> othersUnusedSince(String instanceId, Instant cutoff);

    /** Lists this replica among those sharing the registry (again after another thought it gone). */
    void join(String instanceId);

    /** Takes a replica off the list: it stopped, or its Lease lapsed. */
    void leave(String instanceId);

    /** The replicas listed as sharing the registry, this one included once it joined. */
    Set<String> replicas();

    /** Nothing shared: one guide alone. */
    static SandboxOwnership inMemory() {
        return InMemoryOwnership.INSTANCE;
    }
}
