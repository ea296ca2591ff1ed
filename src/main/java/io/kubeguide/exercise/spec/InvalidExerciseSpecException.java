package io.kubeguide.exercise.spec;

/**
 * An exercise spec that does not follow the schema: the file, the line of the first problem where it has one, and what
 * is wrong, in words for the author. Stops the guide at start-up; in author mode a later edit that breaks a spec is
 * shown on the exercise's page instead (see {@link ExerciseCatalog#problem}).
 */
public class InvalidExerciseSpecException extends RuntimeException {

    private final String fileName;
    private final Integer line;
    private final String problem;

    public InvalidExerciseSpecException(String fileName, String problem) {
        this(fileName, null, problem);
    }

    public InvalidExerciseSpecException(String fileName, Integer line, String problem) {
        super("Exercise spec " + fileName + (line != null ? " line " + line : "") + ": " + problem);
        this.fileName = fileName;
        this.line = line;
        this.problem = problem;
    }

    public String fileName() {
        return fileName;
    }

    /** The 1-based line of the first problem, or null when it is about something missing. */
    public Integer line() {
        return line;
    }

    /** What is wrong, without the file name. */
    public String problem() {
        return problem;
    }
}
