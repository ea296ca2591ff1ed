package io.kubeguide.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line: only {@code --check-content=} asks for a check; a folder that is no course is said in words. */
class ContentCheckCommandTest {

    @Test
    void onlyTheCheckOptionAsksForACheck() {
        assertThat(ContentCheckCommand.requested(new String[] {"--check-content=./content"}))
                .isTrue();
        assertThat(ContentCheckCommand.requested(new String[] {"--server.port=8081"}))
                .isFalse();
        assertThat(ContentCheckCommand.requested(new String[0])).isFalse();
    }

    @Test
    void aFolderWithoutACourseIsRefusedWithStatus2() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = ContentCheckCommand.run(
                new String[] {"--check-content=src/test/resources/content-check/nowhere"},
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("Not a course folder:", "content-check/nowhere has no course.yaml");
    }

    @Test
    void aClusterItCannotReachIsSaidOnceWithStatus2() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int status = ContentCheckCommand.run(
                new String[] {
                    "--check-content=content",
                    "--guide.sandbox.provider=cluster",
                    "--guide.sandbox.kubeconfig=target/no-such-kubeconfig"
                },
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(status).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8))
                .contains("cannot prove the answers here: guide.sandbox.kubeconfig target/no-such-kubeconfig is not a"
                        + " readable file.")
                .doesNotContain("exercise  answer");
    }
}
