package io.kubeguide.exercise.schema;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known name a mistyped one most likely meant: the same letters in another case, else one or two edits away. */
public final class DidYouMean {

    static final int MAX_EDITS = 2;

    private DidYouMean() {
    }

    public static Optional<String> closest(String typed, Collection<String> known) {
        if (typed == null || typed.isEmpty()) {
            return Optional.empty();
        }
        String lower = typed.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            if (candidate.equals(typed)) {
                continue;
            }
            // targetport, Selector, target_port: case and separators are the commonest slips, so they weigh little
            int distance = candidate.toLowerCase(Locale.ROOT).equals(lower) ? 0
                    : normalised(candidate).equals(normalised(typed)) ? 1
                    : distance(candidate, typed, MAX_EDITS);
            if (distance < bestDistance || distance == bestDistance && best != null && candidate.compareTo(best) < 0) {
                best = candidate;
                bestDistance = distance;
            }
        }
        // "ab" is two edits from "id": short names need a closer match to be a likely slip
        int allowed = typed.length() <= 3 ? 1 : MAX_EDITS;
        return bestDistance <= allowed ? Optional.ofNullable(best) : Optional.empty();
    }

    private static String normalised(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    /** Levenshtein distance, or {@code limit + 1} as soon as it is known to exceed {@code limit}. */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            int rowMin = current[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
                rowMin = Math.min(rowMin, current[j]);
            }
            if (rowMin > limit) {
                return limit + 1;
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return Math.min(previous[b.length()], limit + 1);
    }
}
