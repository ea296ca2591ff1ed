package io.kubeguide.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The guide's own meters, for operators (scraped at {@code /actuator/prometheus}; the README lists them). Recorded into
 * Micrometer's global registry, which Spring Boot's Prometheus registry joins, so that the classes the guide makes
 * with {@code new} (budgets, providers, the queue) record with one call. Tags have few values: exercise ids come from
 * the catalog, reasons, verdicts, verbs and providers from the code; never a learner, an address or free text.
 */
public final class GuideMetrics {

    public static final String SUBMISSION_DURATION = "guide.submission.duration";
    public static final String VERDICTS = "guide.submission.verdicts";
    public static final String REFUSALS = "guide.refusals";
    public static final String SANDBOXES = "guide.sandboxes";
    public static final String QUEUE_LENGTH = "guide.sandbox.queue.length";
    public static final String QUEUE_WAIT = "guide.sandbox.queue.wait";
    public static final String CONTROL_PLANE_START = "guide.control.plane.start";
    public static final String KUBECTL_COMMANDS = "guide.kubectl.commands";

    /** Buckets of the submission histogram: a report takes from a fraction of a second to the checks' waits. */
    private static final Duration[] SUBMISSION_BUCKETS = {
        Duration.ofMillis(250),
        Duration.ofMillis(500),
        Duration.ofSeconds(1),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(60),
        Duration.ofSeconds(120)
    };

    private static final Duration[] QUEUE_BUCKETS = {
        Duration.ofSeconds(1),
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofMinutes(1),
        Duration.ofMinutes(5)
    };

    private static final MeterRegistry REGISTRY = Metrics.globalRegistry;

    private GuideMetrics() {}

    /** A report for a submission (or a check of the sandbox as it is): its verdict, and how long it took. */
    public static void reported(String exerciseId, String verdict, Duration took) {
        Timer.builder(SUBMISSION_DURATION)
                .description("From a submission's arrival to its report, sandbox wait included")
                .tag("exercise", exerciseId)
                .serviceLevelObjectives(SUBMISSION_BUCKETS)
                .register(REGISTRY)
                .record(took);
        Counter.builder(VERDICTS)
                .description("Reports by verdict: passed, failed (a check failed), refused (not applied)")
                .tag("exercise", exerciseId)
                .tag("verdict", verdict)
                .register(REGISTRY)
                .increment();
    }

    /** A request the guide turned away to protect itself (a budget, the line, a body size); {@code reason} is fixed. */
    public static void refused(String reason) {
        Counter.builder(REFUSALS)
                .description("Requests turned away by the guide's limits, by reason")
                .tag("reason", reason)
                .register(REGISTRY)
                .increment();
    }

    /** A sandbox got its place after waiting this long in line (zero when a place was free). */
    public static void waitedInLine(Duration waited) {
        Timer.builder(QUEUE_WAIT)
                .description("Time a sandbox request waited in line for a place")
                .serviceLevelObjectives(QUEUE_BUCKETS)
                .register(REGISTRY)
                .record(waited);
    }

    /** A sandbox provider's cluster was started or connected (the embedded control plane: its whole start). */
    public static void controlPlaneStarted(String provider, Duration took) {
        Timer.builder(CONTROL_PLANE_START)
                .description("Start of a sandbox provider's control plane (or connection to its cluster)")
                .tag("provider", provider)
                .register(REGISTRY)
                .record(took);
    }

    /** A kubectl command of the terminal ended: {@code verb} from the terminal's allow-list. */
    public static void kubectlCommand(String verb, String outcome) {
        Counter.builder(KUBECTL_COMMANDS)
                .description("kubectl commands run in the terminal, by verb and outcome")
                .tag("verb", verb)
                .tag("outcome", outcome)
                .register(REGISTRY)
                .increment();
    }
}
