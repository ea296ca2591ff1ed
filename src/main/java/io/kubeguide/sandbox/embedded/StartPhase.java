package io.kubeguide.sandbox.embedded;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The steps of getting the embedded control plane running, in order: its binaries (downloaded, or built from the Go
 * modules by {@code embedded-cluster/build.sh}), then the start of its components. The first guesses stand until
 * this machine has done a step once ({@link PhaseTimes}).
 */
public enum StartPhase {
    DOWNLOAD("downloading the release binaries", "files", Duration.ofSeconds(60)),
    MODULES("downloading Go modules", "modules", Duration.ofSeconds(60)),
    COMPILE("compiling Kubernetes", "packages", Duration.ofSeconds(480)),
    LINK("linking the binary", null, Duration.ofSeconds(45)),
    ETCD("starting etcd", null, Duration.ofSeconds(1)),
    API_SERVER("starting the API server", null, Duration.ofSeconds(5)),
    NODES("starting the fake nodes", null, Duration.ofSeconds(3)),
    CONTROLLERS("starting the controllers", null, Duration.ofSeconds(2));

    static final List<StartPhase> START = List.of(ETCD, API_SERVER, NODES, CONTROLLERS);
    static final List<StartPhase> BUILD = List.of(MODULES, COMPILE, LINK);

    private final String description;
    private final String unit;
    private final Duration firstGuess;

    StartPhase(String description, String unit, Duration firstGuess) {
        this.description = description;
        this.unit = unit;
        this.firstGuess = firstGuess;
    }

    /** As in the build script's progress lines and the status API: {@code modules}, {@code api-server}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** For the learner and the log, e.g. "compiling Kubernetes (412 of 2799 packages)". */
    String step(int done, int total) {
        return total > 0 && unit != null ? description + " (" + done + " of " + total + " " + unit + ")" : description;
    }

    Duration firstGuess() {
        return firstGuess;
    }

    static StartPhase ofKey(String key) {
        for (StartPhase phase : values()) {
            if (phase.key().equals(key)) {
                return phase;
            }
        }
        return null;
    }
}
