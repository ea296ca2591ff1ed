package io.kubeguide.logging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * What may go to the log about anonymous learners, and how an answer points at a log entry without showing it: the
 * learner's id is a credential (it is their cookie), so the log gets a short hash of it; an internal failure gets an
 * incident id that both the log line and the learner's answer carry.
 */
public final class LogSafe {

    private static final SecureRandom RANDOM = new SecureRandom();

    private LogSafe() {}

    /** A new incident id, 8 hex digits: enough to find the log line, nothing to learn from. */
    public static String newIncidentId() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** The learner as the log names them: the first 8 hex digits of the SHA-256 of their id. */
    public static String learner(String learnerId) {
        return learnerId == null ? "-" : "l:" + learnerKey(learnerId).substring(0, 8);
    }

    /**
     * The learner where the guide shares them with others (a namespace label, the database rows every replica reads,
     * the shared rate buckets): the first 40 hex digits of the SHA-256 of their id, never the id (their cookie).
     */
    public static String learnerKey(String learnerId) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(learnerId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
