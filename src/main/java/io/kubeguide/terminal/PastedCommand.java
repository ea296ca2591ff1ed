package io.kubeguide.terminal;

/**
 * What a learner sends: the command on the first line, and the text pasted after it (what {@code -f -} reads).
 */
record PastedCommand(String line, String stdin) {

    static PastedCommand of(String text, String stdin) {
        String t = text == null ? "" : text;
        int newline = t.indexOf('\n');
        if (newline < 0) {
            return new PastedCommand(t, stdin);
        }
        String first = t.substring(0, newline);
        if (first.endsWith("\r")) {
            first = first.substring(0, first.length() - 1);
        }
        String rest = t.substring(newline + 1);
        return new PastedCommand(first, stdin != null ? stdin : rest);
    }
}
