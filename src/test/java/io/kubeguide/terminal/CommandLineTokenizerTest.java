package io.kubeguide.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTokenizerTest {

    @Test
    void splitsOnBlanksAndKeepsQuotedTextAsOneWord() {
        assertThat(CommandLineTokenizer.split("  kubectl   get\tpods -l 'app in (web)'  "))
                .containsExactly("kubectl", "get", "pods", "-l", "app in (web)");
        assertThat(CommandLineTokenizer.split("kubectl patch svc web -p '{\"spec\":{\"type\":\"NodePort\"}}'"))
                .containsExactly("kubectl", "patch", "svc", "web", "-p", "{\"spec\":{\"type\":\"NodePort\"}}");
        assertThat(CommandLineTokenizer.split("k annotate svc web note=\"two words\" x=a\\ b"))
                .containsExactly("k", "annotate", "svc", "web", "note=two words", "x=a b");
        assertThat(CommandLineTokenizer.split("kubectl get pods -o jsonpath='{.items[*].metadata.name}'"))
                .containsExactly("kubectl", "get", "pods", "-o", "jsonpath={.items[*].metadata.name}");
        assertThat(CommandLineTokenizer.split("kubectl get pods -o jsonpath={.items[*].metadata.name}"))
                .as("no globbing: nothing to match in an empty directory, so the word stays as typed")
                .containsExactly("kubectl", "get", "pods", "-o", "jsonpath={.items[*].metadata.name}");
        assertThat(CommandLineTokenizer.split("kubectl get pods '$(id)' \"a\\\"b\" ''"))
                .containsExactly("kubectl", "get", "pods", "$(id)", "a\"b", "");
        assertThat(CommandLineTokenizer.split("   ")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "kubectl get pods; rm -rf /",
                "kubectl get pods && rm -rf /",
                "kubectl get pods | grep web",
                "kubectl get pods > /tmp/x",
                "kubectl apply -f - < /etc/passwd",
                "kubectl get pods $(id)",
                "kubectl get pods \"$(id)\"",
                "kubectl get pods `id`",
                "kubectl get pods \"`id`\"",
                "kubectl get $HOME",
                "kubectl get pods &",
                "kubectl get pods || true",
                "kubectl get pods # comment",
                "kubectl get ~/x",
                "kubectl get pods 'unclosed",
                "kubectl get pods \"unclosed",
                "kubectl get pods \\"
            })
    void refusesShellSyntaxWithAReason(String line) {
        assertThatThrownBy(() -> CommandLineTokenizer.split(line))
                .isInstanceOf(RefusedCommandException.class)
                .hasMessageMatching("(?s).{20,}");
    }

    @Test
    void namesWhatItRefuses() {
        assertThatThrownBy(() -> CommandLineTokenizer.split("kubectl get pods; rm -rf /"))
                .hasMessageContaining("one kubectl command per line");
        assertThatThrownBy(() -> CommandLineTokenizer.split("kubectl get pods | grep web"))
                .hasMessageContaining("Pipes");
        assertThatThrownBy(() -> CommandLineTokenizer.split("kubectl get pods $(id)"))
                .hasMessageContaining("Command substitution");
        assertThatThrownBy(() -> CommandLineTokenizer.split("kubectl get pods `id`"))
                .hasMessageContaining("Backticks");
    }

    @Test
    void refusesAMebibyteLine() {
        String line = "kubectl get pods " + "a".repeat(1024 * 1024);
        assertThatThrownBy(() -> CommandLineTokenizer.split(line))
                .isInstanceOf(RefusedCommandException.class)
                .hasMessageContaining("4096 at most");
    }

    @Test
    void refusesControlCharacters() {
        for (String line : new String[] {
            "kubectl get pods\u0000",
            "kubectl get\u001b[2J pods",
            "kubectl get\rpods",
            "kubectl get pods\u007f",
            "kubectl get\u0085pods",
            "kubectl get pods\n rm"
        }) {
            assertThatThrownBy(() -> CommandLineTokenizer.split(line))
                    .isInstanceOf(RefusedCommandException.class)
                    .hasMessageContaining("control character");
        }
    }

    @Test
    void refusesLookAlikeDashesAndInvisibleCharacters() {
        assertThatThrownBy(() -> CommandLineTokenizer.split("kubectl get pods \u2013n kube-system"))
                .hasMessageContaining("U+2013")
                .hasMessageContaining("hyphen-minus");
        assertThatThrownBy(() -> CommandLineTokenizer.split("kubectl get pods \u2014all-namespaces"))
                .hasMessageContaining("U+2014");
        assertThatThrownBy(() -> CommandLineTokenizer.split("kubectl get pods \u2212A"))
                .hasMessageContaining("U+2212");
        assertThatThrownBy(() -> CommandLineTokenizer.split("kubectl get pods \uff0dA"))
                .hasMessageContaining("U+FF0D");
        assertThatThrownBy(() -> CommandLineTokenizer.split("kubectl get pods\u202e"))
                .hasMessageContaining("invisible");
        assertThatThrownBy(() -> CommandLineTokenizer.split("kubectl\u200b get pods"))
                .hasMessageContaining("invisible");
    }
}
