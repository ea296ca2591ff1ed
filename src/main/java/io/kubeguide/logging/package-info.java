/**
 * What may go to the log about anonymous learners ({@link io.kubeguide.logging.LogSafe}): a short hash instead of the
 * learner's id, and incident ids that the log line and the learner's answer share. Imports no feature package.
 */
package io.kubeguide.logging;
