package io.kubeguide.sandbox.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartProgressTest {

    @TempDir
    Path tmp;

    private final AtomicLong nanos = new AtomicLong();

    private void after(long seconds) {
        nanos.addAndGet(Duration.ofSeconds(seconds).toNanos());
    }

    private StartProgress progress(PhaseTimes times, List<StartPhase> plan) {
        return new StartProgress(times, plan, nanos::get);
    }

    private static List<StartPhase> buildAndStart() {
        return Stream.concat(StartPhase.BUILD.stream(), StartPhase.START.stream())
                .toList();
    }

    @Test
    void theBuildScriptsProgressLinesMoveThePhaseOn() {
        StartProgress progress = progress(PhaseTimes.load(tmp.resolve("times")), buildAndStart());
        progress.begin();

        progress.buildOutput("embedded-cluster: building v1.36.3 into /cache (first build takes several minutes)");
        assertThat(progress.current().orElseThrow().phase()).isEqualTo("modules");

        progress.buildOutput("@progress modules 12/202");
        StartProgress.Snapshot modules = progress.current().orElseThrow();
        assertThat(modules.phase()).isEqualTo("modules");
        assertThat(modules.step()).isEqualTo("downloading Go modules (12 of 202 modules)");

        progress.buildOutput("@progress compile 412/2799");
        assertThat(progress.current().orElseThrow().step()).isEqualTo("compiling Kubernetes (412 of 2799 packages)");
        progress.buildOutput("  @progress link  ");
        assertThat(progress.current().orElseThrow().step()).isEqualTo("linking the binary");

        progress.buildOutput("@progress somethingelse 1/2");
        progress.buildOutput("pkg/foo.go:12: undefined: bar");
        assertThat(progress.current().orElseThrow().phase())
                .as("other lines change nothing")
                .isEqualTo("link");
        assertThat(modules.phases())
                .containsExactly("modules", "compile", "link", "etcd", "api-server", "nodes", "controllers");
    }

    @Test
    void withoutAnEarlierRunTheFirstGuessesEstimateTheWholeStart() {
        StartProgress progress = progress(PhaseTimes.load(tmp.resolve("times")), buildAndStart());
        // 60 s modules + 480 s compile + 45 s link + 1 + 5 + 3 + 2 s start
        assertThat(progress.expected().remaining()).isEqualTo(Duration.ofSeconds(596));
        assertThat(progress.expected().percent()).isZero();
        assertThat(progress.current()).as("nothing under way yet").isEmpty();
    }

    @Test
    void theLastRunsPhaseTimesEstimateTheNextAndACountingPhaseGoesByItsRate() throws Exception {
        Path file = tmp.resolve("phase-times.properties");
        StartProgress first = progress(PhaseTimes.load(file), buildAndStart());
        first.begin();
        first.count(StartPhase.MODULES, 0, 100);
        after(20);
        first.count(StartPhase.COMPILE, 0, 1000);
        after(200);
        first.enter(StartPhase.LINK);
        after(30);
        for (StartPhase phase : StartPhase.START) {
            first.enter(phase);
            after(2);
        }
        first.finish();
        assertThat(first.current()).as("ready: nothing under way").isEmpty();
        assertThat(Files.readString(file)).contains("modules=20000", "compile=200000", "link=30000", "nodes=2000");

        StartProgress next = progress(PhaseTimes.load(file), buildAndStart());
        assertThat(next.expected().remaining()).isEqualTo(Duration.ofSeconds(20 + 200 + 30 + 8));
        next.begin();
        next.count(StartPhase.MODULES, 100, 100);
        after(20);
        next.count(StartPhase.COMPILE, 0, 1000);
        after(100);
        next.count(StartPhase.COMPILE, 250, 1000); // a quarter in 100 s: this machine is slower than last time
        StartProgress.Snapshot compiling = next.current().orElseThrow();
        assertThat(compiling.remaining()).isEqualTo(Duration.ofSeconds(300 + 30 + 8));
        assertThat(compiling.percent()).isEqualTo(120 * 100 / (120 + 338));
    }

    @Test
    void aPhaseSlowerThanItsEstimateIsNeverNearlyDone() {
        StartProgress progress = progress(PhaseTimes.load(tmp.resolve("times")), StartPhase.START);
        progress.begin();
        progress.enter(StartPhase.API_SERVER);
        after(60); // expected 5 s
        StartProgress.Snapshot late = progress.current().orElseThrow();
        assertThat(late.remaining()).isGreaterThan(Duration.ZERO);
        assertThat(late.percent()).isLessThan(100);
    }

    @Test
    void aFailedStartKeepsTheTimesOfThePhasesThatCompleted() throws Exception {
        Path file = tmp.resolve("phase-times.properties");
        StartProgress progress = progress(PhaseTimes.load(file), buildAndStart());
        progress.begin();
        progress.enter(StartPhase.MODULES);
        after(7);
        progress.enter(StartPhase.COMPILE);
        after(3);
        progress.abandon();
        assertThat(progress.current()).isEmpty();
        assertThat(Files.readString(file)).contains("modules=7000").doesNotContain("compile=");
    }
}
