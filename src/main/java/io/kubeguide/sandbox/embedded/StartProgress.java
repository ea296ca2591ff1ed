package io.kubeguide.sandbox.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far getting the embedded control plane running has come: the phase, a fraction and the time left, estimated
 * from how long each phase took here the last time ({@link PhaseTimes}) and, where a phase counts (modules,
 * packages), from its rate so far. Fed by the build script's progress lines and by {@link EmbeddedCluster}'s start;
 * read by the status polling of learners (any thread). The phase durations are kept for the next estimate.
 */
public final class StartProgress {

    /** A progress line of {@code embedded-cluster/build.sh}: {@code @progress <phase> [<done>/<total>]}. */
    static final Pattern LINE = Pattern.compile("@progress ([a-z-]+)(?: (\\d+)/(\\d+))?");

    private static final Logger log = LoggerFactory.getLogger(StartProgress.class);
    private static final double RATE_FROM = 0.1;

    /**
     * @param phase     key of the phase under way ({@link StartPhase#key()})
     * @param step      the phase in words, with its count where it has one
     * @param percent   of the whole (binaries and start), 0 to 99 while under way
     * @param remaining estimated time to ready
     * @param phases    the keys of every phase planned, in order
     */
    public record Snapshot(String phase, String step, int percent, Duration remaining, List<String> phases) {}

    private final PhaseTimes times;
    private final LongSupplier nanos;
    private List<StartPhase> plan;
    private boolean running;
    private long begin;
    private StartPhase current;
    private long phaseBegin;
    private int done;
    private int total;
    private int loggedTenth = -1;

    StartProgress(PhaseTimes times, List<StartPhase> plan, LongSupplier nanos) {
        this.times = times;
        this.plan = List.copyOf(plan);
        this.nanos = nanos;
    }

    /** Progress of a start with these settings, the plan guessed from where the binaries are now. */
    public static StartProgress forStart(EmbeddedClusterProperties props) {
        return new StartProgress(PhaseTimes.of(props), ControlPlaneBinaries.plan(props), System::nanoTime);
    }

    /** While a start is under way, how far it is; empty before and after. */
    public synchronized Optional<Snapshot> current() {
        return running ? Optional.of(snapshot()) : Optional.empty();
    }

    /** What a start would go through from here, at 0 %, with the time it is expected to take. */
    public synchronized Snapshot expected() {
        Duration all = Duration.ZERO;
        for (StartPhase phase : plan) {
            all = all.plus(times.expected(phase));
        }
        StartPhase first = plan.get(0);
        return new Snapshot(first.key(), first.step(0, 0), 0, all, keys());
    }

    /** A line of the build's output: a progress line moves the phase on; anything else is ignored. */
    void buildOutput(String line) {
        Matcher m = LINE.matcher(line.strip());
        if (!m.matches()) {
            return;
        }
        StartPhase phase = StartPhase.ofKey(m.group(1));
        if (phase == null) {
            return;
        }
        if (m.group(2) != null) {
            count(phase, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
        } else {
            enter(phase);
        }
    }

    synchronized void begin() {
        running = true;
        begin = nanos.getAsLong();
        current = null;
    }

    /** The binaries come another way than guessed (e.g. a download, or a build after a failed download). */
    synchronized void replan(List<StartPhase> phases) {
        plan = List.copyOf(phases);
    }

    synchronized void enter(StartPhase phase) {
        if (phase == current) {
            return;
        }
        long now = nanos.getAsLong();
        closeCurrent(now);
        if (!plan.contains(phase)) {
            List<StartPhase> extended = new ArrayList<>(plan);
            extended.add(phase);
            extended.sort(null);
            plan = List.copyOf(extended);
        }
        current = phase;
        phaseBegin = now;
        done = 0;
        total = 0;
        loggedTenth = -1;
        Snapshot s = snapshot();
        log.info(
                "Embedded control plane: {} (step {} of {}), {} %, about {} s left",
                s.step(),
                plan.indexOf(phase) + 1,
                plan.size(),
                s.percent(),
                s.remaining().toSeconds());
    }

    synchronized void count(StartPhase phase, int done, int total) {
        enter(phase);
        this.done = Math.min(done, total);
        this.total = total;
        int tenth = total > 0 ? this.done * 10 / total : 0;
        if (tenth > loggedTenth) {
            loggedTenth = tenth;
            if (tenth > 0) {
                Snapshot s = snapshot();
                log.info(
                        "Embedded control plane: {}, {} %, about {} s left",
                        s.step(), s.percent(), s.remaining().toSeconds());
            }
        }
    }

    /** Ready: the phases' durations are kept for the next estimate. */
    synchronized void finish() {
        closeCurrent(nanos.getAsLong());
        running = false;
        times.save();
    }

    /** Failed or interrupted: the phases that completed are kept, the one that did not is not. */
    synchronized void abandon() {
        current = null;
        running = false;
        times.save();
    }

    private void closeCurrent(long now) {
        if (current != null) {
            times.record(current, Duration.ofNanos(now - phaseBegin));
        }
        current = null;
    }

    private Snapshot snapshot() {
        long now = nanos.getAsLong();
        StartPhase phase = current != null ? current : plan.get(0);
        Duration left = Duration.ZERO;
        boolean after = current == null;
        for (StartPhase p : plan) {
            if (after) {
                left = left.plus(times.expected(p));
            }
            after |= p == current;
        }
        if (current != null) {
            left = left.plus(leftOfCurrent(now));
        }
        double elapsed = Math.max(0, now - begin);
        int percent = (int) Math.min(99, Math.floor(100 * elapsed / (elapsed + left.toNanos())));
        return new Snapshot(phase.key(), phase.step(done, total), percent, left, keys());
    }

    /**
     * A counting phase at its rate so far once a tenth is done; otherwise what is left of its expected time (at
     * least a twentieth of it: a phase slower than last time is not "nearly done" for ever).
     */
    private Duration leftOfCurrent(long now) {
        long elapsed = now - phaseBegin;
        long expected = times.expected(current).toNanos();
        if (total > 0) {
            double fraction = (double) done / total;
            return fraction >= RATE_FROM
                    ? Duration.ofNanos((long) (elapsed * (1 - fraction) / fraction))
                    : Duration.ofNanos(Math.max((long) (expected * (1 - fraction)) - elapsed, expected / 20));
        }
        return Duration.ofNanos(Math.max(expected - elapsed, expected / 20));
    }

    private List<String> keys() {
        return plan.stream().map(StartPhase::key).toList();
    }
}
