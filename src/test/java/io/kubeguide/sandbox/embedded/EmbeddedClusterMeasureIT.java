package io.kubeguide.sandbox.embedded;

import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Figures of the embedded control plane, not a timed test: runs only with {@code -Dembedded.measure.starts=N}
 * (see {@code embedded-cluster/measure.sh}). Starts the cluster N times (warm binaries), reports start-to-ready
 * time of each start and the memory of all component processes once ready (summed RSS and PSS from
 * {@code /proc/<pid>/smaps_rollup}). Writes {@code target/embedded-measure.txt}.
 */
class EmbeddedClusterMeasureIT {

    @Test
    void measure() throws Exception {
        String starts = System.getProperty("embedded.measure.starts");
        assumeThat(starts).as("set -Dembedded.measure.starts=N to measure").isNotBlank();
        Path work = Path.of("target", "embedded-cluster-measure").toAbsolutePath();
        EmbeddedClusterProperties props = EmbeddedClusterProperties.defaults().withWorkDir(work);
        StringBuilder report = new StringBuilder();
        List<Long> times = new ArrayList<>();
        List<Long> rss = new ArrayList<>();
        List<Long> pss = new ArrayList<>();
        for (int i = 1; i <= Integer.parseInt(starts); i++) {
            long begin = System.nanoTime();
            try (EmbeddedCluster cluster = EmbeddedCluster.start(props)) {
                long millis = (System.nanoTime() - begin) / 1_000_000;
                Map<String, long[]> memory = new LinkedHashMap<>();
                for (var e : cluster.pids().entrySet()) {
                    memory.put(e.getKey(), new long[] {kib(e.getValue(), "Rss"), kib(e.getValue(), "Pss")});
                }
                long sumRss = memory.values().stream().mapToLong(m -> m[0]).sum();
                long sumPss = memory.values().stream().mapToLong(m -> m[1]).sum();
                times.add(millis);
                rss.add(sumRss);
                pss.add(sumPss);
                report.append(String.format(
                        "start %d: ready in %d ms; RSS %d MiB, PSS %d MiB %s%n",
                        i, millis, sumRss / 1024, sumPss / 1024, perComponent(memory)));
            }
        }
        report.append(String.format(
                "start-to-ready ms: median %d, min %d, max %d over %d starts%n",
                median(times),
                times.stream().mapToLong(Long::longValue).min().orElse(0),
                times.stream().mapToLong(Long::longValue).max().orElse(0),
                times.size()));
        report.append(String.format(
                "control plane memory once ready: RSS median %d MiB, PSS median %d MiB%n",
                median(rss) / 1024, median(pss) / 1024));
        Files.writeString(Path.of("target", "embedded-measure.txt"), report);
    }

    private static String perComponent(Map<String, long[]> memory) {
        StringBuilder out = new StringBuilder("(");
        memory.forEach((name, m) -> out.append(out.length() > 1 ? ", " : "")
                .append(name)
                .append(' ')
                .append(m[0] / 1024)
                .append('/')
                .append(m[1] / 1024));
        return out.append(" MiB RSS/PSS)").toString();
    }

    private static long kib(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return 0;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
    }
}
