package io.kubeguide.sandbox;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One guide alone: its own slots are the whole truth, so there is nothing to record or read. */
enum InMemoryOwnership implements SandboxOwnership {
    INSTANCE;

    @Override
    public boolean shared() {
        return false;
    }

    @Override
    public Optional<Owned> find(String learnerKey) {
        return Optional.empty();
    }

    @Override
    public boolean claim(
            String learnerKey, String exerciseId, SandboxIdentity identity, String instanceId, String replaces) {
        return true;
    }

    @Override
    public boolean markReady(String learnerKey, String namespace) {
        return true;
    }

    @Override
    public boolean takeOver(String learnerKey, String namespace, String instanceId) {
        return true;
    }

    @Override
    public void touch(String learnerKey, String namespace) {}

    @Override
    public boolean forget(String learnerKey, String namespace) {
        return true;
    }

    @Override
    public Set<String> namespacesOf(String instanceId) {
        return Set.of();
    }

    @Override
    public List<Owned> othersUnusedSince(String instanceId, Instant cutoff) {
        return List.of();
    }

    @Override
    public void join(String instanceId) {}

    @Override
    public void leave(String instanceId) {}

    @Override
    public Set<String> replicas() {
        return Set.of();
    }
}
