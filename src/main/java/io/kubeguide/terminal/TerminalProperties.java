package io.kubeguide.terminal;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The kubectl terminal's settings ({@code guide.terminal.*}).
 *
 * @param kubectl       the kubectl binary; empty: the one built with the embedded control plane (same version as its
 *                      API server), see {@code EmbeddedClusterProperties#kubectl()}
 * @param outputLimit   output of one command beyond this is cut (and the command ended) with a note
 * @param perLearner    commands one learner may run at once
 * @param maxConcurrent commands all learners together may run at once; beyond it a command waits up to
 *                      {@code queueWait}, then is turned away with a sentence
 * @param queueWait     how long a command waits for a free slot
 * @param sandboxWait   how long a command waits for the learner's sandbox to be ready; empty: as long as a
 *                      submission does ({@code guide.exercise.sandbox-wait})
 */
@ConfigurationProperties("guide.terminal")
public record TerminalProperties(
        Path kubectl,
        @DefaultValue("256KB") DataSize outputLimit,
        @DefaultValue("1") int perLearner,
        @DefaultValue("8") int maxConcurrent,
        @DefaultValue("5s") Duration queueWait,
        Duration sandboxWait) {}
