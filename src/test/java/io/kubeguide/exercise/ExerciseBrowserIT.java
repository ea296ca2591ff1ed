package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.GuideApplication;
import io.kubeguide.browser.Browser;
import io.kubeguide.exercise.spec.ExerciseSpec;
import io.kubeguide.files.PrivateFiles;
import io.kubeguide.sandbox.embedded.SharedEmbeddedCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chromium.ChromiumDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A learner's path in headless Chromium, one step a test, in order (one browser, one learner, one guide), on the embedded control plane: open the ClusterIP exercise in the Services
 * lesson (nothing prepared yet), press Start, type a wrong targetPort into the editor (click, select all, type,
 * Ctrl+Enter) and see exactly that check
 * fail with its hint; type the solution and see every check pass and the outline mark it solved; reset the sandbox;
 * restart the guide on the same database and find the progress kept; go Next to Storage and solve storage-pvc
 * (after a claim of another class: the fix re-creates the claim and the report says so); then solve the remaining
 * exercises (Submit without Start) and log the submit-to-report time the page measured for each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExerciseBrowserIT {

    private static final Logger log = LoggerFactory.getLogger(ExerciseBrowserIT.class);
    private static final Path WORK = Path.of("target", "browser-it").toAbsolutePath();

    @RegisterExtension
    static Browser browser = new Browser(1366, 1700);

    private static ConfigurableApplicationContext app;
    private static WebDriver driver;
    private static final Map<String, Long> submitToReportMillis = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws IOException {
        PrivateFiles.createDirectories(WORK);
        try (var old = Files.list(WORK)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("guide"))
                    .toList()) {
                Files.delete(p);
            }
        }
        Path kubeconfig = WORK.resolve("kubeconfig.yaml");
        PrivateFiles.writeString(kubeconfig, SharedEmbeddedCluster.get().adminKubeconfig());
        app = startGuide(kubeconfig);
        driver = browser.driver();
    }

    @AfterAll
    static void stop() {
        log.info("Submit to report, as measured in the page (ms): {}", submitToReportMillis);
        if (app != null) {
            app.close();
        }
    }

    private static ConfigurableApplicationContext startGuide(Path kubeconfig) {
        // arguments, not default properties: those lose to application.yml (port 8080, the home directory's H2)
        return new SpringApplicationBuilder(GuideApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:file:" + WORK.resolve("guide"),
                        "--guide.sandbox.provider=cluster",
                        "--guide.sandbox.kubeconfig=" + kubeconfig,
                        "--guide.sandbox.instance-id=browser-it",
                        "--guide.exercise.rate-limit.submissions=100",
                        "--guide.exercise.rate-limit.period=60s",
                        "--guide.limits.sandboxes-per-minute-per-client=1000",
                        "--guide.limits.submissions-per-minute-per-client=1000");
    }

    private static String base() {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return "http://localhost:" + port;
    }

    @Test
    @Order(1)
    void openingTheCardPreparesNothingAndStartPreparesTheSandbox() {
        driver.get(base() + "/lessons/services");
        WebElement panel = openCard("services-clusterip");
        assertThat(panel.findElement(By.cssSelector(".sandbox-status")).getAttribute("data-state"))
                .as("opening the card prepares nothing")
                .isEqualTo("NONE");
        startAndAwaitReady(panel);
        assertThat(panel.findElement(By.cssSelector(".sandbox-status")).getText())
                .startsWith("Sandbox: Ready.");
    }

    @Test
    @Order(2)
    void refusedYamlIsListedWithItsLineAndMarkedInTheEditor() {
        WebElement panel = clusterIpCard();
        typeInto(panel, "apiVersion: v1\nkind: Service\nmetadata: [frontend");
        submitWithKeyboard(panel);
        WebElement problem = panel.findElement(By.cssSelector(".report .problems li"));
        assertThat(problem.getAttribute("data-line")).isNotBlank();
        assertThat(problem.findElement(By.cssSelector("a.problem-line")).getText())
                .startsWith("Line " + problem.getAttribute("data-line"));
        assertThat(panel.findElements(By.cssSelector(".CodeMirror .cm-problem-line")))
                .isNotEmpty();
        assertThat(panel.findElements(By.cssSelector(".CodeMirror .problem-marker")))
                .isNotEmpty();
    }

    @Test
    @Order(3)
    void aWrongTargetPortFailsOnlyTheRoutingCheckWithItsHintAndSection() throws IOException {
        WebElement panel = clusterIpCard();
        typeInto(panel, wrongAnswer("services-clusterip", "targetPort", "routes-to-pods"));
        submitWithKeyboard(panel);
        assertThat(panel.findElement(By.cssSelector(".report .report-title")).getText())
                .matches("\\d+ of \\d+ checks passed");
        List<WebElement> checks = panel.findElements(By.cssSelector(".report li.check"));
        assertThat(checks).isNotEmpty();
        for (WebElement check : checks) {
            String id = check.getAttribute("data-check");
            boolean failed = check.getAttribute("class").contains("fail");
            assertThat(failed).as("check %s failed", id).isEqualTo(id.equals("routes-to-pods"));
            if (failed) {
                assertThat(check.findElement(By.cssSelector(".verdict")).getText())
                        .startsWith("Failed");
                assertThat(check.findElement(By.cssSelector(".hint")).getText()).isNotBlank();
                assertThat(check.findElement(By.cssSelector("a.section-link")).getAttribute("href"))
                        .contains("/lessons/services#");
            }
        }
        awaitLiveView(panel);
        panelScreenshot(panel, "exercise-services-clusterip-failed");
    }

    @Test
    @Order(4)
    void theSolutionPassesMarksTheOutlineAndShowsItsDiff() throws IOException {
        WebElement panel = clusterIpCard();
        typeInto(panel, catalog().get("services-clusterip").solution());
        submitToReportMillis.put("services-clusterip", submitWithButton(panel));
        assertAllPassed(panel, "services-clusterip");
        awaitSolvedInOutline("services-clusterip");
        awaitLiveView(panel);
        panelScreenshot(panel, "exercise-services-clusterip-solved");

        panel.findElement(By.cssSelector("button.show-solution")).click();
        assertThat(panel.findElement(By.cssSelector(".solution-view pre.diff")).getText())
                .contains("targetPort");
    }

    @Test
    @Order(5)
    void resetEmptiesTheReportAndPreparesAFreshSandbox() {
        WebElement panel = clusterIpCard();
        typeInto(panel, catalog().get("services-clusterip").solution());
        submitWithButton(panel);
        panel.findElement(By.cssSelector("form.reset-form button")).click();
        wait(30).until(d -> panel.getAttribute("data-reset-at") != null);
        assertThat(panel.findElements(By.cssSelector(".report li.check"))).isEmpty();
        awaitSandboxReady(panel);
    }

    @Test
    @Order(6)
    void progressIsKeptWhenTheGuideRestartsOnTheSameDatabase() {
        app.close();
        app = startGuide(WORK.resolve("kubeconfig.yaml"));
        driver.get(base() + "/lessons/services");
        awaitSolvedInOutline("services-clusterip");
        assertThat(driver.findElement(By.cssSelector("[data-lesson-progress='services']"))
                        .getText())
                .isEqualTo("1 of " + inLesson("services") + " solved");
    }

    @Test
    @Order(7)
    void nextLeadsToStorageWhereFixingTheClaimsClassReCreatesIt() throws IOException {
        driver.get(base() + "/lessons/services");
        driver.findElement(By.cssSelector("a[rel='next']")).click();
        wait(20).until(ExpectedConditions.urlContains("/lessons/storage"));
        WebElement panel = openCard("storage-pvc");
        startAndAwaitReady(panel);
        // a claim of another class binds; fixing its class re-creates it, and the report says so as a notice
        String solution = catalog().get("storage-pvc").solution();
        typeInto(panel, solution.replace("manual", "standard"));
        submitWithKeyboard(panel);
        typeInto(panel, solution);
        submitToReportMillis.put("storage-pvc", submitWithKeyboard(panel));
        assertThat(panel.findElement(By.cssSelector(".report ul.notices li")).getText())
                .isEqualTo("PersistentVolumeClaim data was re-created: its spec cannot change in place");
        assertAllPassed(panel, "storage-pvc");
        awaitSolvedInOutline("storage-pvc");
        panelScreenshot(panel, "exercise-storage-pvc-solved");
    }

    @Test
    @Order(8)
    void everyOtherExerciseIsSolvedOnItsOwnPageWithoutStart() {
        for (ExerciseSpec spec : catalog().all()) {
            if (submitToReportMillis.containsKey(spec.id())) {
                continue;
            }
            driver.get(base() + "/exercises/" + spec.id());
            WebElement panel = driver.findElement(By.cssSelector(".exercise-panel"));
            // no Start: the submission itself prepares the sandbox (the report waits for it); the solution pasted,
            // as a learner who copies it would
            ((JavascriptExecutor) driver)
                    .executeScript(
                            "arguments[0].querySelector('.CodeMirror').CodeMirror.setValue(arguments[1]);",
                            panel,
                            spec.solution());
            submitToReportMillis.put(spec.id(), submitWithButton(panel));
            assertAllPassed(panel, spec.id());
        }
        driver.get(base() + "/");
        for (String lesson : List.of("storage", "services")) {
            long all = inLesson(lesson);
            wait(20).until(d -> d.findElement(By.cssSelector("[data-lesson-progress='" + lesson + "']"))
                    .getText()
                    .equals(all + " of " + all + " solved"));
        }
        screenshot("home-all-solved");
        assertThat(submitToReportMillis).hasSize(catalog().all().size());
    }

    @Test
    @Order(9)
    void clearingProgressAfterConfirmingSetsEveryCountToZero() {
        driver.get(base() + "/exercises/storage-pvc");
        WebElement clear = driver.findElement(By.cssSelector("form.clear-progress button"));
        scrollTo(clear);
        clear.click();
        driver.switchTo().alert().accept();
        wait(20).until(d -> d.findElement(By.cssSelector("[data-lesson-progress='storage']"))
                .getText()
                .equals("0 of " + inLesson("storage") + " solved"));
        assertThat(driver.findElement(By.cssSelector(".solved-status")).getText())
                .isEmpty();
    }

    // ---------- helpers ----------

    private static ExerciseCatalog catalog() {
        return app.getBean(ExerciseCatalog.class);
    }

    private static long inLesson(String lesson) {
        return catalog().all().stream().filter(e -> e.lesson().equals(lesson)).count();
    }

    /** The wrong answer of an exercise named by its {@code why}, failing exactly on {@code check}. */
    private static String wrongAnswer(String exerciseId, String why, String check) {
        return catalog().get(exerciseId).wrong().stream()
                .filter(w -> w.fails().equals(List.of(check)) && w.why().contains(why))
                .findFirst()
                .orElseThrow()
                .yaml();
    }

    /** The ClusterIP exercise's card in the Services lesson, opened, its sandbox ready (Start pressed before). */
    private static WebElement clusterIpCard() {
        driver.get(base() + "/lessons/services");
        WebElement panel = openCard("services-clusterip");
        awaitSandboxReady(panel);
        return panel;
    }

    private static void awaitSolvedInOutline(String exerciseId) {
        wait(20).until(d -> outlineItem(exerciseId).getAttribute("class").contains("is-solved"));
    }

    private static void scrollTo(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    }

    private static WebDriverWait wait(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    private static WebElement outlineItem(String exerciseId) {
        return driver.findElement(By.cssSelector(".outline-exercises li[data-exercise-id='" + exerciseId + "']"));
    }

    private static WebElement openCard(String exerciseId) {
        WebElement card = driver.findElement(By.id("card-" + exerciseId));
        WebElement summary = card.findElement(By.tagName("summary"));
        scrollTo(summary);
        summary.click();
        return wait(20).until(d -> {
            List<WebElement> panels = card.findElements(By.cssSelector(".exercise-panel .CodeMirror"));
            return panels.isEmpty() ? null : card.findElement(By.cssSelector(".exercise-panel"));
        });
    }

    private static void startAndAwaitReady(WebElement panel) {
        WebElement start = panel.findElement(By.cssSelector("form.start-form button"));
        scrollTo(start);
        start.click();
        awaitSandboxReady(panel);
    }

    private static void awaitSandboxReady(WebElement panel) {
        wait(180)
                .until(d -> "READY"
                        .equals(panel.findElement(By.cssSelector(".sandbox-status"))
                                .getAttribute("data-state")));
    }

    /**
     * Types YAML into CodeMirror as a person would: click into the editor, select all, type line by line. The editor
     * keeps the previous line's indentation after Enter, so each line adds or removes spaces from there.
     */
    private static void typeInto(WebElement panel, String yaml) {
        WebElement editor = panel.findElement(By.cssSelector(".CodeMirror"));
        scrollTo(editor);
        editor.findElement(By.cssSelector(".CodeMirror-lines")).click();
        Actions actions = new Actions(driver);
        actions.keyDown(Keys.CONTROL)
                .sendKeys("a")
                .keyUp(Keys.CONTROL)
                .sendKeys(Keys.DELETE)
                .perform();
        int previousIndent = 0;
        boolean first = true;
        for (String line : yaml.stripTrailing().split("\n", -1)) {
            StringBuilder keys = new StringBuilder();
            if (!first) {
                keys.append(Keys.ENTER);
            }
            int indent =
                    line.isBlank() ? 0 : line.length() - line.stripLeading().length();
            int auto = first ? 0 : previousIndent;
            if (indent > auto) {
                keys.append(" ".repeat(indent - auto));
            } else {
                keys.append(String.valueOf(Keys.BACK_SPACE).repeat(auto - indent));
            }
            keys.append(line.strip());
            new Actions(driver).sendKeys(keys.toString()).perform();
            previousIndent = line.isBlank() ? 0 : indent;
            first = false;
        }
        String typed = (String)
                ((JavascriptExecutor) driver).executeScript("return arguments[0].CodeMirror.getValue();", editor);
        assertThat(typed.stripTrailing())
                .as("what the editor holds after typing")
                .isEqualTo(yaml.stripTrailing());
    }

    private static void clearReport(WebElement panel) {
        ((JavascriptExecutor) driver)
                .executeScript("arguments[0].querySelector('.report').removeAttribute('data-submit-ms');", panel);
    }

    private static long awaitReport(WebElement panel) {
        String ms = wait(120)
                .until(d -> panel.findElement(By.cssSelector(".report")).getAttribute("data-submit-ms"));
        return Long.parseLong(ms);
    }

    private static long submitWithKeyboard(WebElement panel) {
        clearReport(panel);
        panel.findElement(By.cssSelector(".CodeMirror-lines")).click();
        new Actions(driver)
                .keyDown(Keys.CONTROL)
                .sendKeys(Keys.ENTER)
                .keyUp(Keys.CONTROL)
                .perform();
        return awaitReport(panel);
    }

    private static long submitWithButton(WebElement panel) {
        clearReport(panel);
        WebElement button = panel.findElement(By.cssSelector("button.submit"));
        scrollTo(button);
        button.click();
        return awaitReport(panel);
    }

    private static void awaitLiveView(WebElement panel) {
        wait(20).until(d ->
                !panel.findElements(By.cssSelector(".live svg.live-map")).isEmpty());
    }

    private static void assertAllPassed(WebElement panel, String exerciseId) {
        List<WebElement> checks = panel.findElements(By.cssSelector(".report li.check"));
        String failed = checks.stream()
                .filter(c -> c.getAttribute("class").contains("fail"))
                .map(c -> c.getAttribute("data-check") + ": " + c.getText())
                .collect(Collectors.joining("\n"));
        assertThat(failed)
                .as(exerciseId + ": failed checks; report: "
                        + panel.findElement(By.cssSelector(".report")).getText())
                .isEmpty();
        assertThat(checks).as(exerciseId + " checks").isNotEmpty();
        assertThat(panel.findElement(By.cssSelector(".report")).getAttribute("data-passed"))
                .isEqualTo("true");
    }

    /** The whole exercise panel (report and live view included), beyond the viewport, through Chrome DevTools. */
    @SuppressWarnings("unchecked")
    private static void panelScreenshot(WebElement panel, String name) throws IOException {
        Map<String, Object> r = (Map<String, Object>) ((JavascriptExecutor) driver)
                .executeScript(
                        "window.scrollTo(0, 0); const r = arguments[0].getBoundingClientRect();"
                                + "return {x: r.left + window.scrollX, y: r.top + window.scrollY, w: r.width, h: r.height};",
                        panel);
        Map<String, Object> clip = Map.of(
                "x",
                ((Number) r.get("x")).doubleValue(),
                "y",
                ((Number) r.get("y")).doubleValue(),
                "width",
                ((Number) r.get("w")).doubleValue(),
                "height",
                ((Number) r.get("h")).doubleValue(),
                "scale",
                1);
        Map<String, Object> shot = ((ChromiumDriver) driver)
                .executeCdpCommand(
                        "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Path file = Browser.SCREENSHOTS.resolve(name + ".png");
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
    }

    private static void screenshot(String name) {
        assertThat(browser.screenshot(name)).as("screenshot " + name).isPresent();
    }
}
