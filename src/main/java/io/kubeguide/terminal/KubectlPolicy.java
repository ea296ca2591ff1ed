package io.kubeguide.terminal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the terminal lets a learner run: kubectl (or {@code k}) with a verb from {@link #ALLOWED}, no flag that changes
 * who the command acts as or where it goes, no file or URL of the guide's machine, the sandbox namespace only. Each
 * refusal says why. The API server's RBAC and admission remain the boundary; this list keeps the learner in the
 * sandbox's namespace and off the guide's machine, and explains what the fence would only answer with "forbidden".
 */
public final class KubectlPolicy {

    /** Verbs a learner may run, in the order the terminal lists them. */
    public static final List<String> ALLOWED = List.of(
            "get",
            "describe",
            "explain",
            "api-resources",
            "create",
            "expose",
            "run",
            "scale",
            "label",
            "annotate",
            "set",
            "patch",
            "apply",
            "delete",
            "rollout",
            "events",
            "diff",
            "auth",
            "wait",
            "version",
            "top");

    /** Verbs refused by name, with the reason the learner reads. */
    public static final Map<String, String> REFUSED = refusedVerbs();

    /** Flags refused wherever they appear (names after kubectl's own normalisation of '_' to '-'). */
    public static final Map<String, String> REFUSED_FLAGS = refusedFlags();

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration LONG_TIMEOUT = Duration.ofSeconds(60);

    /** Global flags that take a value as the next word (so that word is not the verb). */
    private static final Set<String> GLOBAL_VALUE_FLAGS = Set.of(
            "-n",
            "--namespace",
            "--request-timeout",
            "-v",
            "--v",
            "--vmodule",
            "--log-flush-frequency",
            "--match-server-version",
            "--warnings-as-errors");
    /** Flags of the allowed verbs that take the next word as their value (to find a sub-command after the verb). */
    private static final Set<String> VALUE_FLAGS = Set.of(
            "-o",
            "--output",
            "-l",
            "--selector",
            "--field-selector",
            "-c",
            "--container",
            "-p",
            "--patch",
            "--type",
            "-L",
            "--label-columns",
            "--sort-by",
            "--timeout",
            "--for",
            "--image",
            "--port",
            "--target-port",
            "--name",
            "--replicas",
            "--template",
            "--field-manager",
            "--dry-run",
            "--since",
            "--types",
            "--revision",
            "--to-revision",
            "--api-group",
            "--verbs");
    /** Short flags that take a value: in a cluster of short flags (-oyaml) the rest of the word is that value. */
    private static final Set<Character> SHORT_VALUE_FLAGS = Set.of('o', 'l', 'c', 'p', 'L', 'v', 'n', 'f', 'k', 's');

    private final Set<String> runImages;

    /** @param runImages images {@code kubectl run} may start (the same as the sandbox admits) */
    public KubectlPolicy(Set<String> runImages) {
        this.runImages = Set.copyOf(runImages);
    }

    /**
     * @param words     the tokenised line ({@link CommandLineTokenizer})
     * @param namespace the learner's sandbox namespace, the only one commands may name; null to check everything
     *                  but the namespace (before the sandbox is known)
     * @param hasStdin  whether text was pasted after the line (for {@code -f -})
     * @throws RefusedCommandException with the reason, before anything runs
     */
    public KubectlCommand check(List<String> words, String namespace, boolean hasStdin) {
        if (words.isEmpty()) {
            throw new RefusedCommandException("Type a kubectl command, e.g. kubectl get pods.");
        }
        String program = words.get(0);
        if (!program.equals("kubectl") && !program.equals("k")) {
            throw new RefusedCommandException("'" + shown(program) + "' is not available: this terminal runs kubectl"
                    + " (or its short name k) and nothing else; there is no shell.");
        }
        List<String> args = words.subList(1, words.size());
        String verb = null;
        String subcommand = null;
        boolean namespaceGiven = false;
        boolean readsStdin = false;
        String image = null;
        boolean afterDoubleDash = false;
        for (int i = 0; i < args.size(); i++) {
            String word = args.get(i);
            if (afterDoubleDash) {
                continue; // the container's command and arguments (kubectl run ... -- sleep 3600): not kubectl's
            }
            if (word.equals("--")) {
                afterDoubleDash = true;
                continue;
            }
            if (word.startsWith("--")) {
                Flag flag = Flag.parse(word, args, i);
                checkLongFlag(flag);
                switch (flag.name) {
                    case "--namespace" -> {
                        requireOwnNamespace(flag.value, namespace);
                        namespaceGiven = true;
                    }
                    case "--filename" -> readsStdin |= requireStdinFile(flag.value);
                    case "--image" -> image = flag.value;
                    case "--output" -> checkOutput(flag.value);
                    default -> {}
                }
                if (flag.valueIsNextWord
                        && (GLOBAL_VALUE_FLAGS.contains(flag.name)
                                || VALUE_FLAGS.contains(flag.name)
                                || flag.name.equals("--filename"))) {
                    i++;
                }
            } else if (word.startsWith("-") && word.length() > 1) {
                ShortFlags shorts = checkShortFlags(word, args, i, namespace);
                namespaceGiven |= shorts.namespace;
                readsStdin |= shorts.stdin;
                if (shorts.usesNextWord) {
                    i++;
                }
            } else if (verb == null) {
                verb = word;
            } else if (subcommand == null) {
                subcommand = word;
            }
        }
        if (verb == null) {
            throw new RefusedCommandException("Which kubectl command? Add a verb, e.g. kubectl get pods. Allowed: "
                    + String.join(", ", ALLOWED) + ".");
        }
        checkVerb(verb, subcommand, image, readsStdin, args);
        if (readsStdin && !hasStdin) {
            throw new RefusedCommandException("'-f -' reads YAML from what you paste: paste it after the command"
                    + " line (in the terminal: press Enter, paste, then Ctrl+D).");
        }
        List<String> full = new ArrayList<>(args);
        if (!namespaceGiven && namespace != null) {
            int at = full.indexOf("--");
            full.add(at < 0 ? full.size() : at, "--namespace=" + namespace);
        }
        boolean waits = verb.equals("wait") || (verb.equals("rollout") && "status".equals(subcommand));
        return new KubectlCommand(full, verb, waits ? LONG_TIMEOUT : TIMEOUT, readsStdin);
    }

    private void checkVerb(String verb, String subcommand, String image, boolean readsStdin, List<String> args) {
        String refused = REFUSED.get(verb);
        if (refused != null) {
            throw new RefusedCommandException("kubectl " + verb + " is not available here: " + refused);
        }
        if (!ALLOWED.contains(verb)) {
            throw new RefusedCommandException("kubectl " + shown(verb) + " is not available in this terminal. You can"
                    + " use: " + String.join(", ", ALLOWED) + ".");
        }
        switch (verb) {
            case "auth" -> {
                if (!"can-i".equals(subcommand)) {
                    throw new RefusedCommandException(
                            "Only 'kubectl auth can-i' is available, e.g. kubectl auth can-i" + " create services.");
                }
            }
            case "apply" -> {
                if (!readsStdin && !"view-last-applied".equals(subcommand)) {
                    throw new RefusedCommandException("kubectl apply takes its YAML from what you paste: use"
                            + " 'kubectl apply -f -' and paste the YAML after the line.");
                }
                if ("edit-last-applied".equals(subcommand)) {
                    throw new RefusedCommandException("kubectl apply edit-last-applied opens an editor, which the"
                            + " terminal has not: use the YAML editor above, or kubectl apply -f -.");
                }
            }
            case "create" -> {
                if ("token".equals(subcommand)) {
                    throw new RefusedCommandException("kubectl create token is not available: the guide issues your"
                            + " short-lived credentials itself.");
                }
            }
            case "run" -> {
                if (args.stream().anyMatch(a -> a.equals("--overrides") || a.startsWith("--overrides="))) {
                    throw new RefusedCommandException("kubectl run --overrides is not available: it could replace"
                            + " the image. Write the Pod's YAML and use kubectl apply -f - instead.");
                }
                if (image == null || !runImages.contains(image)) {
                    throw new RefusedCommandException((image == null
                                    ? "kubectl run needs --image."
                                    : "The image '" + shown(image) + "' is not one the sandbox runs.")
                            + " Allowed images: "
                            + String.join(", ", runImages.stream().sorted().toList()) + ".");
                }
            }
            default -> {}
        }
    }

    private static void checkLongFlag(Flag flag) {
        String reason = REFUSED_FLAGS.get(flag.name);
        if (reason != null) {
            throw new RefusedCommandException(flag.name + " is not available: " + reason);
        }
        if (flag.name.contains("file") && !flag.name.equals("--filename")) {
            throw new RefusedCommandException(flag.name + " reads a file, and the terminal has no files of yours:"
                    + " paste the content instead (e.g. --from-literal=key=value, or YAML after kubectl apply -f -).");
        }
    }

    private static ShortFlags checkShortFlags(String word, List<String> args, int i, String namespace) {
        ShortFlags result = new ShortFlags();
        for (int c = 1; c < word.length(); c++) {
            char f = word.charAt(c);
            if (f == 'A') {
                throw new RefusedCommandException(
                        "-A (all namespaces) is not available: your commands work in " + yours(namespace) + " only.");
            }
            if (f == 'i' || f == 't') {
                throw new RefusedCommandException("-" + f + " attaches the terminal to a container, which this"
                        + " terminal cannot do (and the sandbox's containers do not really run).");
            }
            if (!SHORT_VALUE_FLAGS.contains(f)) {
                continue; // a boolean short flag such as -w or -R
            }
            String rest = word.substring(c + 1);
            if (rest.startsWith("=")) {
                rest = rest.substring(1);
            }
            String value = !rest.isEmpty() ? rest : i + 1 < args.size() ? args.get(i + 1) : null;
            result.usesNextWord = rest.isEmpty() && value != null;
            switch (f) {
                case 'n' -> {
                    requireOwnNamespace(value, namespace);
                    result.namespace = true;
                }
                case 'f' -> result.stdin = requireStdinFile(value);
                case 'k' ->
                    throw new RefusedCommandException(
                            REFUSED_FLAGS.get("--kustomize").replace("this", "-k"));
                case 's' ->
                    throw new RefusedCommandException(
                            "-s (--server) is not available: " + REFUSED_FLAGS.get("--server"));
                case 'o' -> checkOutput(value);
                default -> {}
            }
            return result;
        }
        return result;
    }

    private static void requireOwnNamespace(String value, String namespace) {
        if (namespace == null && value != null) {
            return;
        }
        if (value == null || !value.equals(namespace)) {
            throw new RefusedCommandException("Your commands work in " + yours(namespace) + " only"
                    + (value == null ? "" : ", not '" + shown(value) + "'") + ": leave out -n, it is set for you.");
        }
    }

    /** Only {@code -f -} (the pasted text); a path or URL would read the guide's files or fetch from anywhere. */
    private static boolean requireStdinFile(String value) {
        if (!"-".equals(value)) {
            throw new RefusedCommandException("-f reads only what you paste: use '-f -' and paste the YAML after the"
                    + " line. A path or URL" + (value == null ? "" : " ('" + shown(value) + "')") + " would be read on"
                    + " the guide's machine, not yours.");
        }
        return true;
    }

    private static void checkOutput(String value) {
        if (value != null && value.contains("file")) {
            throw new RefusedCommandException("-o " + shown(value) + " reads a template file, and the terminal has no"
                    + " files of yours: use -o jsonpath='...', -o go-template='...' or -o custom-columns=... instead.");
        }
    }

    private static String yours(String namespace) {
        return namespace == null ? "your sandbox namespace" : "your sandbox namespace '" + namespace + "'";
    }

    private static String shown(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    private static Map<String, String> refusedVerbs() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(
                "exec",
                "it runs a program inside a container; the sandbox's containers do not really run, and a"
                        + " shell in one would be a way around the terminal's rules.");
        m.put(
                "attach",
                "it connects the terminal to a running container's input and output, which this terminal"
                        + " cannot carry (and the sandbox's containers do not really run).");
        m.put("port-forward", "it opens a port on the guide's machine, not on yours.");
        m.put("proxy", "it starts a server on the guide's machine with your credentials, not on yours.");
        m.put("cp", "it copies files between a container and the guide's machine.");
        m.put("debug", "it starts debugging containers or node shells, beyond what the sandbox allows.");
        m.put(
                "config",
                "your kubeconfig is made by the guide for each command (your sandbox namespace and a"
                        + " short-lived token) and cannot be changed.");
        m.put("plugin", "plugins are other programs, and the terminal runs kubectl only.");
        m.put(
                "edit",
                "it opens a text editor, which the terminal has not: use the YAML editor above (or kubectl"
                        + " get ... -o yaml, then kubectl apply -f -).");
        return Map.copyOf(m);
    }

    private static Map<String, String> refusedFlags() {
        String who = "the guide connects each command to your sandbox with your own short-lived credentials, and"
                + " this flag would change who the command acts as or which cluster it talks to.";
        String file = "it reads or writes a file on the guide's machine, not yours.";
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : List.of(
                "--kubeconfig",
                "--server",
                "--token",
                "--as",
                "--as-group",
                "--as-uid",
                "--as-user-extra",
                "--context",
                "--cluster",
                "--user",
                "--username",
                "--password",
                "--certificate-authority",
                "--client-certificate",
                "--client-key",
                "--insecure-skip-tls-verify",
                "--tls-server-name")) {
            m.put(f, who);
        }
        m.put("--all-namespaces", "your commands work in your sandbox namespace only.");
        m.put(
                "--kustomize",
                "this reads a kustomization directory on the guide's machine: paste the YAML after"
                        + " kubectl apply -f - instead.");
        m.put("--kuberc", file);
        m.put("--cache-dir", file);
        m.put("--profile", "profiling writes files on the guide's machine.");
        m.put("--profile-output", file);
        m.put("--log-dir", file);
        m.put("--log-file", file);
        m.put("--output-directory", file);
        m.put("--cert", file);
        m.put("--key", file);
        m.put("--stdin", "it attaches the terminal to a container, which this terminal cannot do.");
        m.put("--tty", "it attaches the terminal to a container, which this terminal cannot do.");
        m.put("--attach", "it attaches the terminal to a container, which this terminal cannot do.");
        m.put("--edit", "it opens a text editor, which the terminal has not: use the YAML editor above.");
        return Map.copyOf(m);
    }

    /** A long flag as kubectl reads it: name normalised ('_' is '-'), value after '=' or in the next word. */
    private record Flag(String name, String value, boolean valueIsNextWord) {
        static Flag parse(String word, List<String> args, int i) {
            int eq = word.indexOf('=');
            String name = (eq < 0 ? word : word.substring(0, eq)).replace('_', '-');
            if (eq >= 0) {
                return new Flag(name, word.substring(eq + 1), false);
            }
            String next = i + 1 < args.size() ? args.get(i + 1) : null;
            return new Flag(name, next, next != null);
        }
    }

    private static final class ShortFlags {
        boolean namespace;
        boolean stdin;
        boolean usesNextWord;
    }
}
