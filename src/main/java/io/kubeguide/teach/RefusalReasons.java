package io.kubeguide.teach;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Sorts the guide's refusal messages (of the validator, the schema check, the API server and the sandbox's fence) into
 * a few reasons a teacher can act on. First match wins; anything else is the API server's.
 */
final class RefusalReasons {

    private record Reason(String label, Pattern pattern) {}

    private static final List<Reason> REASONS = List.of(
            reason(
                    "Not valid YAML",
                    "YAML error|could not be read|Merge keys|Tag .* is not allowed|aliases|nested too"),
            reason("Empty submission", "submission is empty|holds no Kubernetes object"),
            reason("Too large", "the limit is|More than \\d+|too large"),
            reason("Unknown field", "unknown field"),
            reason("Wrong type of value", ": must be |expected .* got"),
            reason("apiVersion, kind or metadata missing", "(apiVersion|kind|metadata(\\.name)?) is missing"),
            reason(
                    "Kind not part of the exercise",
                    "not part of this exercise|is not a Kubernetes kind|cluster-scoped"),
            reason("Wrong apiVersion", "is served as apiVersion"),
            reason("Another namespace", "metadata\\.namespace is"),
            reason("Same object twice", "appears twice"),
            reason("Refused by the sandbox's rules", "is not allowed here|denied request|forbidden"));

    static final String OTHER = "Refused by the API server";

    private RefusalReasons() {}

    static String of(String message) {
        if (message != null) {
            for (Reason r : REASONS) {
                if (r.pattern().matcher(message).find()) {
                    return r.label();
                }
            }
        }
        return OTHER;
    }

    private static Reason reason(String label, String regex) {
        return new Reason(label, Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
    }
}
