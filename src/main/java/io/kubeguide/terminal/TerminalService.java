package io.kubeguide.terminal;

import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.exercise.ExerciseProperties;
import io.kubeguide.exercise.SubmissionService;
import io.kubeguide.metrics.GuideMetrics;
import io.kubeguide.sandbox.Sandbox;
import io.kubeguide.sandbox.SandboxFenceProperties;
import io.kubeguide.sandbox.SandboxService;
import io.kubeguide.sandbox.SandboxUnavailableException;
import io.kubeguide.sandbox.embedded.EmbeddedClusterProperties;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One line typed in the terminal, to kubectl's output: tokenised without a shell, checked against the allow-list
 * (before the sandbox is even looked up, when the line alone is enough to refuse it), run with the learner's own
 * credentials in the sandbox of the exercise they have open.
 */
@Service
public class TerminalService {

    public static final int MAX_STDIN_CHARS = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(TerminalService.class);

    private final ExerciseCatalog catalog;
    private final SandboxService sandboxes;
    private final TerminalProperties properties;
    private final KubectlPolicy policy;
    private final KubectlRunner runner;
    private final CommandSlots slots;
    private final TerminalCompletion completion;
    private final Duration sandboxWait;

    TerminalService(
            ExerciseCatalog catalog,
            SandboxService sandboxes,
            TerminalProperties properties,
            SandboxFenceProperties fence,
            EmbeddedClusterProperties embedded,
            ExerciseProperties exercises) {
        this.catalog = catalog;
        this.sandboxes = sandboxes;
        this.properties = properties;
        this.policy = new KubectlPolicy(Set.copyOf(fence.allowedImages())); // what the sandbox's fence admits
        this.runner = new KubectlRunner(
                properties.kubectl() != null ? properties.kubectl() : embedded.kubectl(),
                properties.outputLimit().toBytes());
        this.slots = new CommandSlots(properties.perLearner(), properties.maxConcurrent(), properties.queueWait());
        this.completion = new TerminalCompletion();
        this.sandboxWait = properties.sandboxWait() != null ? properties.sandboxWait() : exercises.sandboxWait();
    }

    /**
     * Runs {@code line}; {@code stdin} is the text pasted for {@code -f -} (or null).
     *
     * @throws RefusedCommandException            the line is not allowed; nothing ran
     * @throws CommandSlots.BusyException         too many commands at once
     * @throws SandboxUnavailableException        the learner's sandbox is not ready
     */
    public KubectlResult run(
            String learnerId,
            String exerciseId,
            String client,
            String line,
            String stdin,
            OutputSink sink,
            RunningCommand handle)
            throws SandboxUnavailableException {
        List<String> words = CommandLineTokenizer.split(line);
        if (stdin != null && stdin.length() > MAX_STDIN_CHARS) {
            throw new RefusedCommandException("The pasted text is " + stdin.length() + " characters; the terminal"
                    + " takes " + MAX_STDIN_CHARS + " at most.");
        }
        boolean hasStdin = stdin != null && !stdin.isBlank();
        // Refuse what the words alone refuse before touching the sandbox (the namespace is checked once known).
        policy.check(words, null, hasStdin);
        // a command is an action, like a submission: it may start the sandbox, paid from the client's budget
        Sandbox sandbox = sandbox(learnerId, exerciseId, client, sandboxWait);
        KubectlCommand command = policy.check(words, sandbox.namespace(), hasStdin);
        try (CommandSlots.Slot slot = slots.acquire(learnerId)) {
            sandboxes.touch(learnerId);
            KubectlResult result = runner.run(command, sandbox.learnerConfig(), stdin, sink, handle);
            GuideMetrics.kubectlCommand(command.verb(), outcome(result));
            if (result.timedOut()) {
                sink.stderr("\nEnded after " + command.timeout().toSeconds() + " s, the terminal's limit for kubectl "
                        + command.verb() + ".\n");
            } else if (result.truncated()) {
                sink.stderr("\nOutput cut at " + properties.outputLimit().toKilobytes() + " KiB, the terminal's"
                        + " limit: narrow it down (-l, --field-selector, -o name).\n");
            }
            log.debug(
                    "kubectl {} for {}: exit {} in {} ms",
                    command.verb(),
                    learnerId,
                    result.exitCode(),
                    result.millis());
            return result;
        }
    }

    private static String outcome(KubectlResult result) {
        if (result.timedOut()) {
            return "timed-out";
        }
        if (result.cancelled()) {
            return "cancelled";
        }
        return result.exitCode() == 0 ? "ok" : "error";
    }

    /** Candidates for the last word of {@code line} (verbs, resource types, names of objects in the sandbox). */
    public List<String> complete(String learnerId, String exerciseId, String line) {
        return completion.complete(line, readySandbox(learnerId, exerciseId));
    }

    /** The namespace for the prompt, or null while the learner has no ready sandbox for this exercise. */
    public String namespaceOf(String learnerId, String exerciseId) {
        Sandbox sandbox = readySandbox(learnerId, exerciseId);
        return sandbox == null ? null : sandbox.namespace();
    }

    /** The learner's sandbox if it is ready now; never prepares one (a key press is not an action). */
    private Sandbox readySandbox(String learnerId, String exerciseId) {
        if (!sandboxes.status(learnerId, exerciseId).isReady()) {
            return null;
        }
        try {
            return sandbox(learnerId, exerciseId, null, Duration.ZERO);
        } catch (SandboxUnavailableException e) {
            return null;
        }
    }

    private Sandbox sandbox(String learnerId, String exerciseId, String client, Duration wait)
            throws SandboxUnavailableException {
        return sandboxes.awaitReady(SubmissionService.request(learnerId, catalog.get(exerciseId), client), wait);
    }
}
