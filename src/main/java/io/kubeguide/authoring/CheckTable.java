package io.kubeguide.authoring;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The checker's table as an author reads it in a terminal: one row a finding, mismatches marked and explained below. */
final class CheckTable {

    static final List<String> HEADERS = List.of("exercise", "answer", "expected", "got", "failing checks", "ms", "");
    /** Each column's widest, so that a row fits a wide terminal; the mismatches below the table say it in full. */
    private static final int[] WIDEST = {44, 44, 30, 40, 30, 6, 8};

    private CheckTable() {}

    static void print(ContentCheck.Result result, PrintStream out) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (Finding f : result.findings()) {
            rows.add(List.of(
                    f.exercise(),
                    f.answer(),
                    f.expected(),
                    f.got(),
                    String.join(", ", f.failing()),
                    Long.toString(f.millis()),
                    f.ok() ? "ok" : "MISMATCH"));
        }
        int[] widths = new int[HEADERS.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.min(WIDEST[i], Math.max(widths[i], row.get(i).length()));
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = cut(row.get(i), WIDEST[i]);
                line.append(i == 5 ? " ".repeat(widths[i] - cell.length()) + cell : pad(cell, widths[i]));
                line.append(i < row.size() - 1 ? "  " : "");
            }
            out.println(line.toString().stripTrailing());
        }
        List<Finding> mismatches = result.mismatches();
        if (!mismatches.isEmpty()) {
            out.println();
            out.println("What does not behave as the spec says:");
            for (Finding f : mismatches) {
                out.println("  - " + f.exercise() + " / " + f.answer() + ": expected " + f.expected() + ", got "
                        + f.got() + (f.detail().isEmpty() ? "" : " — " + f.detail()));
            }
        }
        out.println();
        out.printf(
                "%d exercise(s), %d row(s), %d mismatch(es), in %d s%n",
                result.exercises(),
                result.findings().size(),
                mismatches.size(),
                result.took().toSeconds());
    }

    private static String cut(String cell, int widest) {
        return cell.length() <= widest ? cell : cell.substring(0, widest - 1) + "…";
    }

    private static String pad(String cell, int width) {
        return cell + " ".repeat(Math.max(0, width - cell.length()));
    }
}
