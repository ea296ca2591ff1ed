package io.kubeguide.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner with a stand-in kubectl (a script) where the real one is not the point: what the process gets
 * (argument vector, environment, HOME, kubeconfig) and that limits end it with everything it started.
 */
class KubectlRunnerTest {

    @TempDir
    Path tmp;

    private final Config learner = new ConfigBuilder(Config.empty())
            .withMasterUrl("https://127.0.0.1:6443")
            .withCaCertData("Q0E=")
            .withOauthToken("the-token")
            .withNamespace("kg-learner")
            .build();

    private Path fakeKubectl(String body) throws Exception {
        Path script = tmp.resolve("kubectl");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        script.toFile().setExecutable(true);
        return script;
    }

    private static final class Collected implements OutputSink {
        final StringBuilder out = new StringBuilder();
        final StringBuilder err = new StringBuilder();

        @Override
        public synchronized void stdout(String text) {
            out.append(text);
        }

        @Override
        public synchronized void stderr(String text) {
            err.append(text);
        }
    }

    @Test
    void passesWordsAsTheyAreInACleanEnvironmentWithOnlyTheLearnersKubeconfig() throws Exception {
        Path kubectl = fakeKubectl("for a in \"$@\"; do echo \"arg:$a\"; done; /usr/bin/env | /usr/bin/sort;"
                + " echo \"pwd:$(pwd)\"; /usr/bin/ls -A \"$HOME\" | /usr/bin/wc -l; /usr/bin/cat \"$KUBECONFIG\";"
                + " echo \"path:$PATH\"; /usr/bin/ls \"$PATH\"; echo oops >&2; exit 3");
        Collected sink = new Collected();
        KubectlCommand command = new KubectlCommand(
                List.of("get", "pods; rm -rf /", "$(id)", "--namespace=kg-learner"),
                "get",
                Duration.ofSeconds(10),
                false);
        KubectlResult result =
                new KubectlRunner(kubectl, 1 << 20).run(command, learner, null, sink, new RunningCommand());

        assertThat(result.exitCode()).isEqualTo(3);
        String out = sink.out.toString();
        assertThat(out).contains("arg:get\n", "arg:pods; rm -rf /\n", "arg:$(id)\n");
        List<String> env = out.lines()
                .filter(l -> l.matches("[A-Z_]+=.*"))
                .map(l -> l.substring(0, l.indexOf('=')))
                .filter(n -> !n.equals("PWD") && !n.equals("SHLVL") && !n.equals("_") && !n.equals("OLDPWD"))
                .toList();
        assertThat(env).containsExactlyInAnyOrder("HOME", "KUBECONFIG", "LANG", "PATH");
        assertThat(out).containsPattern("pwd:.*/kubectl-[^/]+/home\n0\n");
        assertThat(out)
                .contains(
                        "token: \"the-token\"",
                        "namespace: \"kg-learner\"",
                        "server: \"https://127.0.0.1:6443/\"",
                        "certificate-authority-data: \"Q0E=\"");
        assertThat(out).doesNotContain("client-certificate", "client-key");
        assertThat(out).as("PATH holds diff only").containsPattern("path:[^\n:]*/bin\ndiff\n");
        assertThat(sink.err.toString()).isEqualTo("oops\n");
    }

    @Test
    void endsTheCommandAndWhatItStartedAtTheTimeLimit() throws Exception {
        Path pidFile = tmp.resolve("child.pid");
        Path kubectl = fakeKubectl("/usr/bin/sleep 300 & echo $! > " + pidFile + "; echo started; wait");
        Collected sink = new Collected();
        KubectlCommand command = new KubectlCommand(List.of("get", "pods", "-w"), "get", Duration.ofSeconds(1), false);
        KubectlResult result =
                new KubectlRunner(kubectl, 1 << 20).run(command, learner, null, sink, new RunningCommand());

        assertThat(result.timedOut()).isTrue();
        assertThat(result.exitCode()).isEqualTo(KubectlResult.TIMED_OUT);
        assertThat(sink.out.toString()).isEqualTo("started\n");
        long child = Long.parseLong(Files.readString(pidFile).trim());
        Thread.sleep(200);
        assertThat(running(child))
                .as("the command's own child (sleep) is ended too")
                .isFalse();
    }

    /** Alive and not a zombie (a killed orphan waits for init to reap it, which may take a while). */
    private static boolean running(long pid) throws Exception {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String s = Files.readString(stat);
        return s.charAt(s.lastIndexOf(')') + 2) != 'Z';
    }

    @Test
    void cutsOutputAtTheLimit() throws Exception {
        Path kubectl = fakeKubectl("while :; do echo 0123456789abcdef; done");
        Collected sink = new Collected();
        KubectlCommand command = new KubectlCommand(List.of("get", "pods"), "get", Duration.ofSeconds(10), false);
        KubectlResult result = new KubectlRunner(kubectl, 4096).run(command, learner, null, sink, new RunningCommand());

        assertThat(result.truncated()).isTrue();
        assertThat(result.exitCode()).isEqualTo(KubectlResult.OUTPUT_LIMIT);
        assertThat(sink.out.length()).isEqualTo(4096);
    }

    @Test
    void cancelEndsARunningCommand() throws Exception {
        Path kubectl = fakeKubectl("echo started; /usr/bin/sleep 300");
        Collected sink = new Collected();
        RunningCommand handle = new RunningCommand();
        KubectlCommand command =
                new KubectlCommand(List.of("wait", "--for=delete", "pod/x"), "wait", Duration.ofSeconds(60), false);
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            handle.cancel();
        });
        canceller.start();
        long start = System.nanoTime();
        KubectlResult result = new KubectlRunner(kubectl, 1 << 20).run(command, learner, null, sink, handle);
        assertThat(result.cancelled()).isTrue();
        assertThat(result.exitCode()).isEqualTo(KubectlResult.CANCELLED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void feedsThePastedTextToStdin() throws Exception {
        Path kubectl = fakeKubectl("/usr/bin/cat");
        Collected sink = new Collected();
        KubectlCommand command = new KubectlCommand(List.of("apply", "-f", "-"), "apply", Duration.ofSeconds(10), true);
        new KubectlRunner(kubectl, 1 << 20).run(command, learner, "kind: ConfigMap\n", sink, new RunningCommand());
        assertThat(sink.out.toString()).isEqualTo("kind: ConfigMap\n");
    }

    @Test
    void splitsPastedTextFromTheCommandLine() {
        assertThat(PastedCommand.of("kubectl apply -f -\r\nkind: ConfigMap\n", null))
                .isEqualTo(new PastedCommand("kubectl apply -f -", "kind: ConfigMap\n"));
        assertThat(PastedCommand.of("kubectl get pods", null)).isEqualTo(new PastedCommand("kubectl get pods", null));
    }
}
