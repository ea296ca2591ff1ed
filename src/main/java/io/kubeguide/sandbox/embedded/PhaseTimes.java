package io.kubeguide.sandbox.embedded;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long each {@link StartPhase} took the last time it ran on this machine, kept in the binary cache
 * ({@code <cache-dir>/v<version>/phase-times.properties}, milliseconds by phase key) so that the next build or start
 * is estimated from this machine's own figures. Best effort: an unreadable or unwritable file only loses estimates.
 */
final class PhaseTimes {

    private static final Logger log = LoggerFactory.getLogger(PhaseTimes.class);

    private final Path file;
    private final Map<StartPhase, Duration> last = new EnumMap<>(StartPhase.class);

    private PhaseTimes(Path file) {
        this.file = file;
    }

    static PhaseTimes of(EmbeddedClusterProperties props) {
        return load(props.versionedBinDir().getParent().resolve("phase-times.properties"));
    }

    static PhaseTimes load(Path file) {
        PhaseTimes times = new PhaseTimes(file);
        if (Files.isRegularFile(file)) {
            Properties saved = new Properties();
            try (Reader in = Files.newBufferedReader(file)) {
                saved.load(in);
                for (String key : saved.stringPropertyNames()) {
                    StartPhase phase = StartPhase.ofKey(key);
                    if (phase != null) {
                        times.last.put(
                                phase,
                                Duration.ofMillis(
                                        Long.parseLong(saved.getProperty(key).trim())));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                log.debug("Ignoring unreadable phase times {}: {}", file, e.getMessage());
            }
        }
        return times;
    }

    synchronized Duration expected(StartPhase phase) {
        return last.getOrDefault(phase, phase.firstGuess());
    }

    synchronized void record(StartPhase phase, Duration took) {
        last.put(phase, took);
    }

    synchronized void save() {
        Properties saved = new Properties();
        last.forEach((phase, took) -> saved.setProperty(phase.key(), Long.toString(took.toMillis())));
        try {
            Files.createDirectories(file.getParent());
            try (Writer out = Files.newBufferedWriter(file)) {
                saved.store(out, "How long each step of the embedded control plane's last build and start took (ms)");
            }
        } catch (IOException e) {
            log.debug("Could not keep phase times in {}: {}", file, e.getMessage());
        }
    }
}
