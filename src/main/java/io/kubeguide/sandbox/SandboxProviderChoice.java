package io.kubeguide.sandbox;

import io.kubeguide.sandbox.SandboxProperties.ProviderSetting;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Which provider serves sandboxes: the configured one, or for {@code auto} K3s when Docker answers, else the
 * embedded control plane when its binaries are there or can be made, else none, with a message saying what is
 * missing and how to fix it (lessons still work).
 */
public final class SandboxProviderChoice {

    private SandboxProviderChoice() {}

    /** What this machine offers; each fact is only looked up when the choice needs it. */
    public interface Facts {
        boolean dockerAvailable();

        /** Why the embedded control plane cannot run here, or empty when it can (binaries found, or buildable). */
        Optional<String> embeddedProblem();

        /** Why provider {@code cluster} cannot be used (no kubeconfig set or readable), or empty. */
        Optional<String> clusterProblem();

        static Facts of(
                BooleanSupplier docker, Supplier<Optional<String>> embedded, Supplier<Optional<String>> cluster) {
            return new Facts() {
                public boolean dockerAvailable() {
                    return docker.getAsBoolean();
                }

                public Optional<String> embeddedProblem() {
                    return embedded.get();
                }

                public Optional<String> clusterProblem() {
                    return cluster.get();
                }
            };
        }
    }

    /** Names of the providers a decision can pick. */
    public static final String K3S = "k3s";

    public static final String EMBEDDED = "embedded";
    public static final String CLUSTER = "cluster";

    /**
     * @param name     the provider picked, or null
     * @param reason   why it was picked (for the log)
     * @param problem  when none was picked: what is missing and how to fix it, for the learner and the operator
     * @param provider makes the provider picked
     */
    public record Decision(String name, String reason, String problem, Supplier<SandboxProvider> provider) {
        public static Decision use(String name, Supplier<SandboxProvider> provider) {
            return new Decision(name, "configured", null, provider);
        }

        public static Decision none(String problem) {
            return new Decision(null, null, problem, null);
        }

        Decision because(String why) {
            return new Decision(name, why, problem, provider);
        }
    }

    /** Makes the provider for a name. */
    public interface Factory {
        SandboxProvider create(String name);
    }

    public static Decision choose(ProviderSetting setting, Facts facts, Factory factory) {
        switch (setting) {
            case K3S:
                if (!facts.dockerAvailable()) {
                    return Decision.none("Exercises need Docker for guide.sandbox.provider=k3s, and Docker does not "
                            + "answer here. Start Docker, or set guide.sandbox.provider=auto to use the embedded "
                            + "control plane.");
                }
                return named(K3S, factory).because("configured");
            case CLUSTER: {
                Optional<String> problem = facts.clusterProblem();
                return problem.isPresent()
                        ? Decision.none(problem.get())
                        : named(CLUSTER, factory).because("configured");
            }
            case EMBEDDED: {
                Optional<String> problem = facts.embeddedProblem();
                return problem.isPresent()
                        ? Decision.none(problem.get())
                        : named(EMBEDDED, factory).because("configured");
            }
            case AUTO:
            default: {
                if (facts.dockerAvailable()) {
                    return named(K3S, factory).because("auto: Docker answers");
                }
                Optional<String> problem = facts.embeddedProblem();
                if (problem.isEmpty()) {
                    return named(EMBEDDED, factory).because("auto: no Docker, embedded control plane available");
                }
                return Decision.none("Exercises need a Kubernetes sandbox, and none is available here: Docker does "
                        + "not answer (for K3s sandboxes) and " + problem.get() + " Lessons work as usual.");
            }
        }
    }

    private static Decision named(String name, Factory factory) {
        return new Decision(name, null, null, () -> factory.create(name));
    }
}
