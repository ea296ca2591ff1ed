package io.kubeguide.sandbox.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Shell scripts named like the components, for tests of start failures and process supervision. */
final class FakeComponents {

    /** Runs until terminated. */
    static final String RUNS = "#!/bin/sh\necho \"$(basename \"$0\") started with $# flags\"\n"
            + "trap 'exit 0' TERM INT\nwhile :; do sleep 0.2; done\n";

    private FakeComponents() {}

    /** A bin dir where every component runs forever unless {@code scripts} gives it another body. */
    static Path binDir(Path dir, Map<String, String> scripts) {
        try {
            Files.createDirectories(dir);
            for (String component : Stream.concat(
                            ControlPlaneBinaries.COMPONENTS.stream(), ControlPlaneBinaries.TOOLS.stream())
                    .toList()) {
                Path file = dir.resolve(component);
                Files.writeString(file, scripts.getOrDefault(component, RUNS));
                file.toFile().setExecutable(true);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pids of processes whose command line names a file in {@code workDir}. */
    static List<Long> processesUsing(Path workDir) throws IOException {
        String prefix = workDir.toAbsolutePath().normalize() + "/";
        try (var entries = Files.list(Path.of("/proc"))) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("\\d+"))
                    .map(Long::parseLong)
                    .filter(pid -> pid != ProcessHandle.current().pid())
                    .filter(pid -> ProcessLedger.cmdline(pid).stream().anyMatch(a -> a.contains(prefix)))
                    .toList();
        }
    }
}
