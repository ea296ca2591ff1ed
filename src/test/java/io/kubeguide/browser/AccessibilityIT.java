package io.kubeguide.browser;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.GuideApplication;
import io.kubeguide.exercise.ExerciseCatalog;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.progress.LearnerIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The accessibility gate: axe-core ({@link Axe}: WCAG 2.0 A/AA, WCAG 2.1 AA, best practices) in headless Chromium on
 * every page and every state a learner meets, each in the light and the dark colour scheme, and fails on any
 * {@code serious} or {@code critical} violation, naming the rule, the elements and the help page. The states are
 * reached as a learner reaches them, by submitting YAML to a real sandbox: the guide runs its own embedded control
 * plane (so the first submission finds the provider still starting: "preparing"), holds at most one sandbox (so a
 * second learner waits in line: "queued"), and its database is shut down at the end (a real 500 page).
 * <p>
 * Then the keyboard: the editor's Esc way out, a visible focus on every tab stop, and reduced motion. The table of
 * every page and state is written to {@code target/accessibility/axe.md}, a screenshot of each (light and dark) to
 * {@code target/screenshots/accessibility-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessibilityIT {

    private static final Path WORK = Path.of("target", "accessibility").toAbsolutePath();
    private static final String EXERCISE = "services-clusterip";
    private static final int PHONE_WIDTH = 390;

    @RegisterExtension
    static Browser browser = new Browser(1366, 900);

    private static final Axe axe = new Axe();
    /** page or state, then "light"/"dark" -> violations */
    private static final Map<String, Map<String, List<Axe.Violation>>> results = new LinkedHashMap<>();

    private static ConfigurableApplicationContext app;
    private static ExerciseSpec spec;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(WORK);
        List<String> properties = new ArrayList<>(List.of(
                "server.port=0",
                "spring.datasource.url=jdbc:h2:mem:accessibility-it;DB_CLOSE_DELAY=-1",
                "spring.datasource.username=sa",
                "spring.datasource.password=",
                // its own control plane, started by the first sandbox: a real "preparing" state
                "guide.sandbox.provider=embedded",
                "guide.embedded.work-dir=" + WORK.resolve("embedded-cluster"),
                "guide.embedded.start-timeout=" + System.getProperty("guide.embedded.start-timeout", "PT5M"),
                // one sandbox at a time: a second learner waits in line
                "guide.sandbox.max-concurrent=1",
                // a submission while the sandbox is prepared answers at once instead of waiting for it
                "guide.exercise.sandbox-wait=1s",
                "guide.sandbox.instance-id=accessibility-it",
                "guide.exercise.rate-limit.submissions=100",
                "guide.exercise.rate-limit.period=60s"));
        String binDir = System.getProperty("guide.embedded.bin-dir");
        if (binDir != null && !binDir.isBlank()) {
            properties.add("guide.embedded.bin-dir=" + binDir);
        }
        // as command-line arguments: they override application.yml (its port and database), as default properties would
        // not
        app = new SpringApplicationBuilder(GuideApplication.class)
                .run(properties.stream().map(p -> "--" + p).toArray(String[]::new));
        spec = app.getBean(ExerciseCatalog.class).get(EXERCISE);
        System.out.println("axe-core " + axe.version(browser.open(url("/"))));
    }

    @AfterAll
    static void stop() throws IOException {
        String table = table();
        System.out.println(table);
        Files.writeString(WORK.resolve("axe.md"), table);
        if (app != null) {
            app.close();
        }
    }

    private static String url(String path) {
        return "http://localhost:"
                + ((WebServerApplicationContext) app).getWebServer().getPort() + path;
    }

    @Test
    @Order(1)
    void everyPageAndStateHasNoSeriousOrCriticalViolation() {
        // pages without a sandbox (none of them prepares one)
        scan("home", "/");
        scan("lesson services", "/lessons/services");
        scan("lesson storage", "/lessons/storage");
        scan("404 unknown lesson", "/lessons/no-such-lesson");
        scan("404 unknown page", "/no/such/page");
        browser.resize(PHONE_WIDTH, 844);
        try {
            scan("phone: home", "/");
            scan("phone: lesson services", "/lessons/services");
            WebElement toggle = browser.find(By.cssSelector(".nav-toggle"));
            toggle.click();
            assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
            scan("phone: course outline open");
        } finally {
            browser.resize(1366, 900);
        }

        // the very first submission: the sandbox provider (the embedded control plane) is still starting
        browser.open(url("/exercises/" + EXERCISE));
        scan("exercise page, first opened");
        submit(spec.solution());
        String answer = awaitAnswer();
        if ("error".equals(answer)) {
            scan("submission while the sandbox is prepared");
        }
        browser.open(url("/exercises/" + EXERCISE));
        assertThat(sandboxState())
                .as("the sandbox right after the first submission")
                .isEqualTo("PREPARING");
        scan("sandbox preparing (provider starting)");
        awaitSandboxReady();

        browser.open(url("/lessons/services"));
        WebElement card = browser.find(By.id("card-" + EXERCISE));
        browser.js("arguments[0].scrollIntoView({block: 'center'});", card);
        card.findElement(By.tagName("summary")).click();
        browser.waitFor(
                Duration.ofSeconds(20),
                d -> !card.findElements(By.cssSelector(".exercise-panel .CodeMirror"))
                        .isEmpty());
        scan("lesson services, exercise card open");

        // refused YAML: the problems listed with their lines, marked in the editor
        browser.open(url("/exercises/" + EXERCISE));
        submit("apiVersion: v1\nkind: Service\nmetadata: [frontend");
        assertThat(awaitAnswer()).isEqualTo("false");
        assertThat(browser.driver().findElements(By.cssSelector(".CodeMirror .cm-problem-line")))
                .isNotEmpty();
        scan("refused submission, lines marked");

        // a wrong answer: failed checks with hints, the live view and its map, the earlier submissions
        ExerciseSpec.WrongAnswer wrong = spec.wrong().stream()
                .filter(w ->
                        w.fails().equals(List.of("routes-to-pods")) && w.why().contains("targetPort"))
                .findFirst()
                .orElseThrow(); // the Service routes to the Pods, on the wrong port
        submit(wrong.yaml());
        assertThat(awaitAnswer()).isEqualTo("false");
        String mapLabel = browser.waitFor(Duration.ofSeconds(60), d -> (String) browser.js(
                "const m = document.querySelector('.live svg.live-map'); const l = m && m.getAttribute('aria-label');"
                        + "return l && l.includes('routes to') ? l : null;"));
        browser.js("document.querySelector('details.history').open = true;");
        scan("failed report, live view and map, history");

        // the solution, as a diff against the last submission
        WebElement show = browser.find(By.cssSelector("button.show-solution"));
        browser.js("arguments[0].scrollIntoView({block: 'center'});", show);
        show.click();
        browser.waitFor(
                d -> !d.findElements(By.cssSelector(".solution-view pre.diff")).isEmpty());
        scan("solution diff");

        // a second learner: the one sandbox is taken, so they wait in line
        Cookie first = browser.driver().manage().getCookieNamed(LearnerIdentity.COOKIE);
        browser.driver().manage().deleteAllCookies();
        browser.open(url("/exercises/" + EXERCISE));
        submit(spec.solution());
        if ("error".equals(awaitAnswer())) {
            scan("submission while in line");
        }
        browser.open(url("/exercises/" + EXERCISE));
        assertThat(sandboxState()).as("the second learner's sandbox").isEqualTo("QUEUED");
        scan("sandbox queued (in line)");
        browser.driver().manage().deleteAllCookies();
        browser.driver().manage().addCookie(first);

        // the phone layout: a failed report and the live view, one column
        browser.resize(PHONE_WIDTH, 844);
        try {
            browser.open(url("/exercises/" + EXERCISE));
            submit(wrong.yaml());
            assertThat(awaitAnswer()).isEqualTo("false");
            browser.waitFor(
                    Duration.ofSeconds(30),
                    d -> !d.findElements(By.cssSelector(".live svg.live-map")).isEmpty());
            scan("phone: failed report and live view");
        } finally {
            browser.resize(1366, 900);
        }

        assertNoSeriousViolations();
        // the map's text alternative says which Service routes to which Pods, ready or not
        assertThat(mapLabel)
                .containsPattern("^Map of your sandbox: frontend-service routes to 3 ready endpoints: "
                        + "web-[a-z0-9-]+ \\(ready\\), web-[a-z0-9-]+ \\(ready\\), web-[a-z0-9-]+ \\(ready\\)\\.");
    }

    @Test
    @Order(2)
    void theKeyboardReachesEverythingWithAVisibleFocusAndLeavesTheEditorWithEsc() {
        browser.open(url("/lessons/services"));
        assertVisibleFocusOnEveryTabStop(60);
        browser.open(url("/exercises/" + EXERCISE));
        browser.waitFor(d -> !d.findElements(By.cssSelector(".CodeMirror")).isEmpty());
        assertVisibleFocusOnEveryTabStop(40);

        // the editor keeps Tab for indenting; Esc is the documented way out, to the Submit button
        WebElement help = browser.find(By.cssSelector(".editor-help"));
        assertThat(help.getText()).contains("Esc");
        browser.js(
                "arguments[0].querySelector('.CodeMirror').CodeMirror.focus();",
                browser.find(By.cssSelector(".exercise-panel")));
        new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
        assertThat(browser.js("return document.activeElement.closest('.CodeMirror') !== null;"))
                .as("Tab indents inside the editor")
                .isEqualTo(true);
        new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform();
        assertThat(browser.js("return document.activeElement.className;")).isEqualTo("submit");
    }

    @Test
    @Order(4)
    void reducedMotionTurnsTransitionsOff() {
        browser.open(url("/"));
        assertThat(browser.js("return getComputedStyle(document.querySelector('.course-link')).transitionDuration;"))
                .isNotEqualTo("0s");
        browser.emulateMedia(Map.of("prefers-reduced-motion", "reduce"));
        try {
            browser.open(url("/"));
            assertThat(browser.js(
                            "return getComputedStyle(document.querySelector('.course-link')).transitionDuration;"))
                    .isEqualTo("0s");
            browser.open(url("/lessons/services"));
            assertThat(browser.js(
                            "return getComputedStyle(document.querySelector('.heading-anchor')).transitionDuration;"))
                    .isEqualTo("0s");
        } finally {
            browser.emulateMedia(Map.of());
        }
    }

    @Test
    @Order(3)
    void theDarkSchemeIsDarkWithTheEditorAndCodeToo() {
        String colours = """
                const bg = e => getComputedStyle(document.querySelector(e)).backgroundColor;
                return [bg('body'), bg('.CodeMirror'), bg('.exercise-panel')].join(' ');""";
        browser.open(url("/exercises/" + EXERCISE));
        browser.waitFor(d -> !d.findElements(By.cssSelector(".CodeMirror")).isEmpty());
        assertThat(browser.js(colours)).isEqualTo("rgb(255, 255, 255) rgb(255, 255, 255) rgb(255, 255, 255)");
        browser.emulateMedia(Map.of("prefers-color-scheme", "dark"));
        try {
            assertThat(browser.js(colours)).isEqualTo("rgb(16, 21, 28) rgb(16, 21, 28) rgb(16, 21, 28)");
        } finally {
            browser.emulateMedia(Map.of());
        }
    }

    @Test
    @Order(5)
    void theServerErrorPageIsAccessibleToo() throws Exception {
        // the database goes away under the guide: the exercise page (which reads the learner's submissions) fails
        try (Connection c = app.getBean(DataSource.class).getConnection();
                Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // H2 may report the database it just closed as closed: that is the point
        }
        browser.open(url("/exercises/" + EXERCISE));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Something went wrong on our side");
        scan("500 server error");
        assertNoSeriousViolations("500 server error");
    }

    // ---------- helpers ----------

    private static void scan(String state, String path) {
        browser.open(url(path));
        scan(state);
    }

    /** Runs axe on the page as it is, in the light and in the dark colour scheme. */
    private static void scan(String state) {
        browser.waitFor(d -> "complete".equals(browser.js("return document.readyState")));
        Map<String, List<Axe.Violation>> byScheme = new LinkedHashMap<>();
        for (String scheme : List.of("light", "dark")) {
            browser.emulateMedia(Map.of("prefers-color-scheme", scheme));
            byScheme.put(scheme, axe.run(browser));
            browser.fullPageScreenshot("accessibility-" + state + "-" + scheme); // for a person to look at both themes
        }
        browser.emulateMedia(Map.of());
        results.put(state, byScheme);
    }

    /** No serious or critical violation on these pages and states (all when none are named). */
    private static void assertNoSeriousViolations(String... states) {
        List<String> only = List.of(states);
        String serious = results.entrySet().stream()
                .filter(e -> only.isEmpty() || only.contains(e.getKey()))
                .flatMap(e -> e.getValue().entrySet().stream()
                        .flatMap(s -> s.getValue().stream()
                                .filter(Axe.Violation::seriousOrWorse)
                                .map(v -> e.getKey() + " [" + s.getKey() + "]: " + v.describe())))
                .collect(Collectors.joining("\n"));
        assertThat(serious)
                .as("serious or critical axe-core violations:\n" + serious)
                .isEmpty();
    }

    private static String table() {
        StringBuilder t = new StringBuilder("| page or state | light | dark |\n|---|---|---|\n");
        results.forEach((state, byScheme) -> t.append("| ")
                .append(state)
                .append(" | ")
                .append(summary(byScheme.get("light")))
                .append(" | ")
                .append(summary(byScheme.get("dark")))
                .append(" |\n"));
        results.forEach((state, byScheme) ->
                byScheme.forEach((scheme, violations) -> violations.forEach(v -> t.append("\n- ")
                        .append(state)
                        .append(" [")
                        .append(scheme)
                        .append("]: ")
                        .append(v.describe()))));
        return t.toString();
    }

    private static String summary(List<Axe.Violation> violations) {
        if (violations == null || violations.isEmpty()) {
            return "none";
        }
        return violations.stream()
                .map(v -> "`" + v.rule() + "` (" + v.impact() + ", " + v.nodes().size() + ")")
                .collect(Collectors.joining("; "));
    }

    private static void submit(String yaml) {
        ExerciseForm.submit(browser, yaml);
    }

    private static String awaitAnswer() {
        return ExerciseForm.awaitAnswer(browser, Duration.ofSeconds(120));
    }

    private static String sandboxState() {
        return browser.find(By.cssSelector(".sandbox-status")).getAttribute("data-state");
    }

    private static void awaitSandboxReady() {
        browser.waitFor(
                Duration.ofMinutes(20),
                d -> { // a machine without the binaries builds them first
                    if ("READY".equals(sandboxState())) {
                        return true;
                    }
                    try {
                        Thread.sleep(2000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    browser.open(url("/exercises/" + EXERCISE));
                    return "READY".equals(sandboxState()) ? true : null;
                });
    }

    /** Tabs through the page; every element that takes the focus shows it (an outline or a ring). */
    private static void assertVisibleFocusOnEveryTabStop(int stops) {
        browser.js("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);");
        List<String> invisible = new ArrayList<>();
        for (int i = 0; i < stops; i++) {
            new Actions(browser.driver()).sendKeys(Keys.TAB).perform();
            String problem = (String) browser.js("""
                    const focused = document.activeElement;
                    if (!focused || focused === document.body) return null;
                    const e = focused.closest('.CodeMirror') || focused;
                    const s = getComputedStyle(e);
                    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
                    const ring = s.boxShadow && s.boxShadow !== 'none';
                    if (outline || ring) return null;
                    return e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\\s+/g, '.') : '')
                        + ' "' + (e.textContent || e.getAttribute('aria-label') || '').trim().slice(0, 40) + '"';""");
            if (problem != null) {
                invisible.add(problem);
            }
            if (Boolean.TRUE.equals(browser.js("return document.activeElement.closest('.CodeMirror') !== null;"))) {
                new Actions(browser.driver()).sendKeys(Keys.ESCAPE).perform(); // the editor's way out
            }
        }
        assertThat(invisible)
                .as("tab stops without a visible focus on " + browser.driver().getCurrentUrl())
                .isEmpty();
    }
}
