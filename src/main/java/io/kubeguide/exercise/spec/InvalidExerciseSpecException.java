package io.kubeguide.exercise.spec;

/** An exercise spec that does not follow the schema; stops the guide at start-up with the file's name. */
public class InvalidExerciseSpecException extends RuntimeException {

    private final String fileName;

    public InvalidExerciseSpecException(String fileName, String problem) {
        super("Exercise spec " + fileName + ": " + problem);
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}
