/**
 * The kubectl terminal: a line typed under an exercise (WebSocket) or sent by a script (JSON API) is tokenised
 * without a shell ({@link io.kubeguide.terminal.CommandLineTokenizer}), checked against the allow-list
 * ({@link io.kubeguide.terminal.KubectlPolicy}: verbs, no flag that changes who or where, no files of the guide's
 * machine, the sandbox namespace only) and run as real kubectl of the API server's version with an argument vector,
 * the learner's own short-lived token and nothing else ({@link io.kubeguide.terminal.KubectlRunner}). Depends on
 * {@code exercise} (which sandbox an exercise uses) and {@code sandbox}; nothing depends on it.
 */
package io.kubeguide.terminal;
