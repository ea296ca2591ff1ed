package io.kubeguide.exercise;

import io.kubeguide.exercise.grading.GradeReport;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.sandbox.SandboxUnavailableException;

/** What a controller asks of {@link SubmissionService} for one learner: a submission graded, or the sandbox checked. */
interface Grading {
    GradeReport grade(String learner, ExerciseSpec spec) throws SandboxUnavailableException;
}
