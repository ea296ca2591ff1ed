package io.kubeguide.terminal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one command line into words as a POSIX shell would (blanks separate words; single quotes keep everything;
 * double quotes keep everything but {@code \\ " $ `}; a backslash escapes the next character) WITHOUT being one:
 * whatever a shell would treat as a program of its own (pipes, redirection, {@code ;}, {@code &&}, {@code $(...)},
 * backticks, variables, {@code ~}, comments) is refused with a sentence, never interpreted. {@code * ? [ ]} stay
 * as typed: a shell in the terminal's empty working directory would pass them on the same way.
 */
public final class CommandLineTokenizer {

    public static final int MAX_LINE_LENGTH = 4096;

    private CommandLineTokenizer() {}

    public static List<String> split(String line) {
        if (line == null || line.isBlank()) {
            return List.of();
        }
        if (line.length() > MAX_LINE_LENGTH) {
            throw new RefusedCommandException("The line is " + line.length() + " characters long; the terminal takes "
                    + MAX_LINE_LENGTH + " at most. Paste long YAML after 'kubectl apply -f -' instead.");
        }
        checkCharacters(line);
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new RefusedCommandException("A single quote (') is not closed.");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= line.length()) {
                    throw new RefusedCommandException(
                            "The line ends with a backslash (\\): there is nothing to escape.");
                }
                word.append(line.charAt(i + 1));
                inWord = true;
                i += 2;
            } else {
                refuseShellSyntax(line, i, inWord);
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return List.copyOf(words);
    }

    /** Reads a double-quoted part starting after its opening quote; returns the index after the closing quote. */
    private static int doubleQuoted(String line, int i, StringBuilder word) {
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < line.length() && "\\\"$`".indexOf(line.charAt(i + 1)) >= 0) {
                word.append(line.charAt(i + 1));
                i += 2;
                continue;
            }
            if (c == '$' || c == '`') {
                throw new RefusedCommandException("'" + c + "' inside double quotes would be expanded by a shell, and"
                        + " this terminal has none: use single quotes to pass it as it is.");
            }
            word.append(c);
            i++;
        }
        throw new RefusedCommandException("A double quote (\") is not closed.");
    }

    private static void refuseShellSyntax(String line, int i, boolean inWord) {
        char c = line.charAt(i);
        switch (c) {
            case '|' ->
                throw new RefusedCommandException(
                        line.startsWith("||", i)
                                ? "'||' is shell syntax; the terminal runs one kubectl command and has no shell."
                                : "Pipes (|) need a shell, and this terminal has none: it runs one kubectl command. Try kubectl's"
                                        + " own output options instead, e.g. -o jsonpath='{.items[*].metadata.name}' or -l app=web.");
            case '>', '<' ->
                throw new RefusedCommandException("Redirection (" + c + ") needs a shell, and this"
                        + " terminal has none: it writes no files. For YAML, use -o yaml and copy it.");
            case ';' ->
                throw new RefusedCommandException(
                        "';' would start a second command; the terminal runs one" + " kubectl command per line.");
            case '&' ->
                throw new RefusedCommandException(
                        line.startsWith("&&", i)
                                ? "'&&' would start a second command; the terminal runs one kubectl command per line."
                                : "'&' (background) needs a shell; the terminal runs one kubectl command per line.");
            case '$' ->
                throw new RefusedCommandException(
                        line.startsWith("$(", i)
                                ? "Command substitution $(...) needs a shell, and this terminal has none."
                                : "Variables ($) need a shell, and this terminal has none: write the value itself, or put"
                                        + " it in single quotes to pass a literal '$'.");
            case '`' ->
                throw new RefusedCommandException(
                        "Backticks (`...`) run a command in a shell, and this" + " terminal has none.");
            case '(', ')' ->
                throw new RefusedCommandException("Parentheses are shell syntax here: quote the argument"
                        + " (e.g. -l 'app in (web)') to pass them to kubectl.");
            case '#' -> {
                if (!inWord) {
                    throw new RefusedCommandException(
                            "'#' starts a comment in a shell: quote it to pass it to kubectl.");
                }
            }
            case '~' -> {
                if (!inWord) {
                    throw new RefusedCommandException(
                            "'~' (a home directory) means nothing here: the terminal reads" + " no files.");
                }
            }
            default -> {}
        }
    }

    /** Control characters, look-alike dashes and invisible or direction-changing characters: refused anywhere. */
    private static void checkCharacters(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw new RefusedCommandException("The line contains a control character (U+" + hex(c)
                        + ") at position " + (i + 1) + "; type the command as plain text.");
            }
            if (isLookAlikeDash(c)) {
                throw new RefusedCommandException("Position " + (i + 1) + " has '" + c + "' (U+" + hex(c)
                        + "), which looks like '-' but is not: type a plain hyphen-minus (often pasted from a"
                        + " document that turned -- into a dash).");
            }
            if (isInvisible(c)) {
                throw new RefusedCommandException("The line contains an invisible formatting character (U+" + hex(c)
                        + ") at position " + (i + 1) + "; retype the command.");
            }
        }
    }

    static boolean isLookAlikeDash(char c) {
        return (c >= 0x2010 && c <= 0x2015)
                || c == 0x2212
                || c == 0xfe58
                || c == 0xfe63
                || c == 0xff0d
                || c == 0x00ad
                || c == 0x2043;
    }

    private static boolean isInvisible(char c) {
        return (c >= 0x200b && c <= 0x200f)
                || (c >= 0x202a && c <= 0x202e)
                || (c >= 0x2060 && c <= 0x2069)
                || c == 0xfeff;
    }

    private static String hex(char c) {
        return String.format("%04X", (int) c);
    }
}
