package io.kubeguide.terminal;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.GuideApplication;
import io.kubeguide.browser.Browser;
import io.kubeguide.sandbox.embedded.SharedEmbeddedCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A learner at the terminal in headless Chromium: types kubectl commands into xterm.js, reads the table, recalls a
 * command with the up arrow, completes a verb, a resource type and an object name with Tab, is refused another
 * namespace in words, solves services-clusterip with kubectl expose, presses Check my work and sees it solved. What
 * the test reads is the terminal's text as a screen reader gets it (xterm's accessibility tree).
 */
class TerminalBrowserIT {

    private static final Path WORK = Path.of("target", "terminal-browser-it").toAbsolutePath();

    @RegisterExtension
    static Browser browser = new Browser(1366, 1700);

    private static ConfigurableApplicationContext app;
    private static WebDriver driver;

    @BeforeAll
    static void start() throws Exception {
        Files.createDirectories(WORK);
        Path kubeconfig = WORK.resolve("kubeconfig.yaml");
        Files.writeString(kubeconfig, SharedEmbeddedCluster.get().adminKubeconfig());
        // arguments, not default properties: those lose to application.yml (port 8080, the home directory's H2)
        app = new SpringApplicationBuilder(GuideApplication.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=jdbc:h2:mem:terminal-browser-it;DB_CLOSE_DELAY=-1",
                        "--guide.sandbox.provider=cluster",
                        "--guide.sandbox.kubeconfig=" + kubeconfig,
                        "--guide.sandbox.instance-id=terminal-browser-it");
        driver = browser.driver();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aLearnerSolvesAnExerciseWithKubectlInTheTerminal() {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        driver.get("http://localhost:" + port + "/exercises/services-clusterip");
        WebElement panel = driver.findElement(By.cssSelector(".exercise-panel"));
        panel.findElement(By.cssSelector("form.start-form button")).click(); // opening the page starts nothing
        wait(180)
                .until(d -> "READY"
                        .equals(panel.findElement(By.cssSelector(".sandbox-status"))
                                .getAttribute("data-state")));
        WebElement terminal = panel.findElement(By.cssSelector(".terminal-panel .terminal"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", terminal);
        assertThat(panel.findElement(By.cssSelector(".terminal-panel noscript")).getAttribute("textContent"))
                .contains("The terminal needs JavaScript");
        terminal.click();
        WebElement keys = terminal.findElement(By.cssSelector("textarea.xterm-helper-textarea"));

        // the prompt shows the sandbox namespace once the socket is up
        wait(30).until(d ->
                screen(terminal).contains(" $ ") && !screen(terminal).contains("sandbox $ "));

        // a command and its table
        keys.sendKeys("kubectl get pods -l app=web" + Keys.ENTER);
        wait(60).until(d -> count(screen(terminal), "Running") >= 3);
        String screen = screen(terminal);
        assertThat(screen).contains("NAME", "READY", "STATUS");
        assertThat(count(screen, "web-")).isGreaterThanOrEqualTo(3);

        // history: up arrow recalls it, Enter runs it again
        keys.sendKeys(Keys.ARROW_UP);
        keys.sendKeys(Keys.ENTER);
        wait(30).until(d -> count(screen(terminal), "STATUS") >= 2);

        // refused in words, nothing run
        keys.sendKeys("kubectl get secrets -n kube-system" + Keys.ENTER);
        wait(30).until(d -> screen(terminal).contains("not 'kube-system'"));

        // tab completion: verb, resource type, object name
        keys.sendKeys("clear" + Keys.ENTER);
        wait(10).until(d -> !screen(terminal).contains("STATUS"));
        keys.sendKeys("kubectl desc");
        keys.sendKeys(Keys.TAB);
        wait(10).until(d -> screen(terminal).contains("kubectl describe "));
        keys.sendKeys("depl");
        keys.sendKeys(Keys.TAB);
        wait(10).until(d -> screen(terminal).contains("kubectl describe deployments "));
        keys.sendKeys("w");
        keys.sendKeys(Keys.TAB);
        wait(10).until(d -> screen(terminal).contains("kubectl describe deployments web "));
        keys.sendKeys(Keys.ENTER);
        wait(30).until(d -> screen(terminal).contains("NewReplicaSet:")); // the end of describe's output

        // solve it with kubectl, then Check my work
        keys.sendKeys("clear" + Keys.ENTER);
        keys.sendKeys(
                "kubectl expose deployment web --name frontend-service --port 80 --target-port 8080" + Keys.ENTER);
        wait(30).until(d -> screen(terminal).contains("service/frontend-service exposed"));
        WebElement check = panel.findElement(By.cssSelector("form.check-form button"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'});", check);
        check.click();
        wait(60).until(d -> "true"
                .equals(driver.findElement(By.cssSelector(".exercise-panel .report"))
                        .getAttribute("data-passed")));
        assertThat(driver.findElement(By.cssSelector(".exercise-panel .report .report-title"))
                        .getText())
                .matches("All \\d+ checks passed\\. Solved!");
        wait(10).until(d -> d.findElement(By.cssSelector(".exercise-panel .solved-status"))
                .getText()
                .contains("solved"));
        browser.screenshot("terminal-solved");
    }

    /** The terminal's text as a screen reader reads it (xterm.js's accessibility tree, one element per row). */
    private static String screen(WebElement terminal) {
        Object text = ((JavascriptExecutor) driver)
                .executeScript(
                        "var rows = arguments[0].querySelectorAll('.xterm-accessibility-tree > div');"
                                + "return Array.prototype.map.call(rows, function (r) { return r.textContent; }).join('\\n');",
                        terminal);
        return text == null ? "" : text.toString().replace('\u00a0', ' ');
    }

    private static int count(String text, String word) {
        Matcher m = Pattern.compile(Pattern.quote(word)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static WebDriverWait wait(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }
}
