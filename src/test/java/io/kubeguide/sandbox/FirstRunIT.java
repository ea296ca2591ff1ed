package io.kubeguide.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.GuideApplication;
import io.kubeguide.browser.Browser;
import io.kubeguide.sandbox.embedded.EmbeddedClusterProperties;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A new learner's first minutes on a machine without the embedded control plane's binaries: the guide starts, serves
 * lessons at once and builds the control plane in the background; the exercise panel's status reports the build's
 * and the start's phases in order with a fraction and a time left; the first submission waits for them and gets its
 * report, without a failed start. The build is a fake, slower than the start timeout: a script in place of
 * {@code embedded-cluster/build.sh} that prints the real script's progress lines, sleeps, then links the real
 * (cached) binaries into this test's own cache directory. The control plane it starts is real. Meanwhile headless
 * Chromium shows the exercise's page, whose progress bar follows the phases.
 */
@ExtendWith(OutputCaptureExtension.class)
class FirstRunIT {

    @RegisterExtension
    static Browser browser = new Browser();

    private static final Path WORK = Path.of("target", "first-run-it").toAbsolutePath();
    private static final String EXERCISE = "services-clusterip";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> PHASES =
            List.of("modules", "compile", "link", "etcd", "api-server", "nodes", "controllers");
    private static final String SOLUTION = """
            apiVersion: v1
            kind: Service
            metadata:
              name: frontend-service
            spec:
              selector: {app: web, tier: frontend}
              ports:
                - {name: http, port: 80, targetPort: http}
            """;

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().cookieHandler(new CookieManager()).build();

    @Test
    void theFirstExerciseWaitsForTheBuildAndStartWithoutAFailedStartAndSeesThePhasesInOrder(CapturedOutput output)
            throws Exception {
        Path cache = WORK.resolve("cache");
        Path script = fakeBuild();
        long begin = System.nanoTime();
        try (ConfigurableApplicationContext guide = new SpringApplicationBuilder(GuideApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:mem:first-run-it;DB_CLOSE_DELAY=-1",
                        "--guide.sandbox.provider=embedded",
                        "--guide.sandbox.warm-up.enabled=true",
                        "--guide.sandbox.instance-id=first-run-it",
                        "--guide.embedded.work-dir=" + WORK.resolve("embedded"),
                        "--guide.embedded.cache-dir=" + cache,
                        "--guide.embedded.build-script=" + script,
                        "--guide.embedded.download=false",
                        "--guide.embedded.start-timeout=" + START_TIMEOUT,
                        "--guide.exercise.sandbox-wait=10s")) {
            String base = "http://127.0.0.1:"
                    + ((WebServerApplicationContext) guide).getWebServer().getPort();
            assertThat(get(base + "/lessons/services").statusCode())
                    .as("lessons are served while the control plane is built")
                    .isEqualTo(200);

            Set<String> phases = new LinkedHashSet<>();
            Set<String> states = new LinkedHashSet<>();
            List<String> notReadyBodies = new ArrayList<>();
            long startPhasesFrom = 0;
            CompletableFuture<HttpResponse<String>> submission = null;
            HttpResponse<String> report = null;
            String pageShowed = null;
            boolean pageFollowed = false;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (report == null && System.nanoTime() < deadline) {
                JsonNode status = json.readTree(
                        get(base + "/api/exercises/" + EXERCISE + "/sandbox").body());
                states.add(status.path("state").asText());
                JsonNode progress = status.path("progress");
                if (progress.isObject()) {
                    assertThat(json.convertValue(progress.path("phases"), List.class))
                            .isEqualTo(PHASES);
                    assertThat(progress.path("percent").asInt()).isBetween(0, 99);
                    assertThat(progress.path("step").asText()).isNotBlank();
                    assertThat(status.path("message").asText())
                            .contains(progress.path("step").asText());
                    String phase = progress.path("phase").asText();
                    if (phases.add(phase) && PHASES.indexOf(phase) >= PHASES.indexOf("etcd")) {
                        startPhasesFrom = startPhasesFrom == 0 ? System.nanoTime() : startPhasesFrom;
                    }
                }
                if (pageShowed == null && phases.contains("modules")) {
                    pageShowed = progressBarOnTheExercisePage(base);
                } else if (pageShowed != null && !pageFollowed && phases.contains("link")) {
                    String first = pageShowed;
                    browser.waitFor(d -> !first.equals(barPhase())); // redrawn by the panel's status polling
                    pageFollowed = true;
                }
                if (submission == null && phases.contains("compile")) {
                    submission = submit(base); // a learner opens the first exercise in the middle of the build
                } else if (submission != null && submission.isDone()) {
                    HttpResponse<String> answer = submission.join();
                    if (answer.statusCode() == 200) {
                        report = answer;
                    } else {
                        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(429);
                        notReadyBodies.add(answer.body());
                        submission = submit(base);
                    }
                }
                Thread.sleep(250);
            }

            assertThat(report)
                    .as("a report within 5 minutes; states seen: %s", states)
                    .isNotNull();
            assertThat(report.body()).contains("\"passed\":true");
            assertThat(pageFollowed)
                    .as("the page's progress bar moved on with the phases")
                    .isTrue();
            assertThat(states).as("no failed start on the way").doesNotContain("FAILED", "UNAVAILABLE");
            assertThat(List.copyOf(phases))
                    .as("phases reported in order")
                    .isSubsetOf(PHASES)
                    .isSortedAccordingTo((a, b) -> PHASES.indexOf(a) - PHASES.indexOf(b))
                    .contains("modules", "compile", "link");
            assertThat(phases).as("a start phase was reported").containsAnyOf("etcd", "api-server", "nodes");
            assertThat(Duration.ofNanos(startPhasesFrom - begin))
                    .as("the build took longer than the start timeout, which counted only from the binaries")
                    .isGreaterThan(START_TIMEOUT);
            assertThat(notReadyBodies)
                    .as("the API's answer while the sandbox waits for the provider says how far it is")
                    .isNotEmpty()
                    .anySatisfy(body -> assertThat(json.readTree(body)
                                    .path("sandbox")
                                    .path("progress")
                                    .path("phase")
                                    .asText())
                            .isIn(PHASES));
            assertThat(Files.readString(cache.resolve("v" + EmbeddedClusterProperties.DEFAULT_KUBERNETES_VERSION)
                            .resolve("phase-times.properties")))
                    .as("each phase's time is kept for the next estimate")
                    .contains("modules=", "compile=", "link=", "api-server=", "controllers=");
        }
        assertThat(output.getOut())
                .contains("the first exercise waits for a build of the embedded control plane from the Go modules")
                .contains("Embedded control plane: compiling Kubernetes (");
    }

    /** The phase the exercise page's progress bar shows, after checking that it is an accessible progress bar. */
    private static String progressBarOnTheExercisePage(String base) {
        browser.open(base + "/exercises/" + EXERCISE);
        WebElement bar = browser.find(By.cssSelector(".sandbox-status .sandbox-progress progress"));
        assertThat(bar.getAccessibleName()).isEqualTo("Kubernetes sandbox start");
        assertThat(bar.getAriaRole()).isEqualTo("progressbar");
        assertThat(Double.parseDouble(bar.getDomProperty("value"))).isBetween(0.0, 99.0);
        assertThat(browser.find(By.cssSelector(".sandbox-progress .progress-text"))
                        .getText())
                .containsPattern("(downloading Go modules|compiling Kubernetes).*: \\d+ %, about \\d+ (s|min) left");
        return barPhase();
    }

    private static String barPhase() {
        return browser.driver()
                .findElement(By.cssSelector(".sandbox-status .sandbox-progress"))
                .getDomAttribute("data-phase");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private CompletableFuture<HttpResponse<String>> submit(String base) {
        return http.sendAsync(
                HttpRequest.newBuilder(URI.create(base + "/api/exercises/" + EXERCISE + "/submissions"))
                        .header("Content-Type", "application/yaml")
                        .POST(HttpRequest.BodyPublishers.ofString(SOLUTION))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** 65 s of build.sh's progress lines (longer than the start timeout), then links to the real binaries. */
    private static Path fakeBuild() throws Exception {
        FileSystemUtils.deleteRecursively(WORK);
        Files.createDirectories(WORK);
        String prebuilt = System.getProperty("guide.embedded.bin-dir");
        Path real = prebuilt != null && !prebuilt.isBlank()
                ? Path.of(prebuilt)
                : EmbeddedClusterProperties.defaults().versionedBinDir();
        return Files.writeString(WORK.resolve("fake-build.sh"), """
                #!/usr/bin/env bash
                set -euo pipefail
                bin="$GUIDE_EMBEDDED_CACHE/v%s/bin"
                echo "fake build: embedded-cluster/build.sh's phases, slowly, then the real binaries of %s"
                for n in 0 50 100 150 200; do echo "@progress modules $n/200"; sleep 3; done
                for n in 0 700 1400 2100 2800; do echo "@progress compile $n/2800"; sleep 6; done
                echo "@progress link"
                sleep 20
                mkdir -p "$bin"
                for c in etcd kube-apiserver kube-controller-manager kube-scheduler kwok kubectl; do
                  ln -s "%s/$c" "$bin/$c"
                done
                """.formatted(
                        EmbeddedClusterProperties.DEFAULT_KUBERNETES_VERSION, real, real));
    }
}
