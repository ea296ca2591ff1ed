package io.kubeguide.terminal;

import java.time.Duration;
import java.util.List;

/**
 * A command the policy allows: kubectl's arguments (without the program name; the sandbox namespace already forced),
 * how long it may run, and whether it reads the pasted text on its standard input ({@code -f -}).
 */
public record KubectlCommand(List<String> args, String verb, Duration timeout, boolean readsStdin) {

    public KubectlCommand {
        args = List.copyOf(args);
    }
}
