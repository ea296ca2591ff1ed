package io.kubeguide.browser;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium for browser tests ({@code *IT}), from the Debian packages {@code chromium} and
 * {@code chromium-driver}. Selenium Manager never runs: the browser and the driver are given by path.
 * <p>
 * Use it as a JUnit 5 extension; it starts one browser per test class (on first use, stopped after the class) and saves
 * a screenshot of a failing test to {@code target/screenshots/<TestClass>-<method>.png} (JUnit calls
 * {@code testFailed} after {@code @AfterEach}, while the browser is still open):
 *
 * <pre>{@code
 * @RegisterExtension
 * static Browser browser = new Browser();
 *
 * @Test void opensHome() { browser.open(baseUrl + "/"); ... browser.driver() ... }
 * }</pre>
 */
public final class Browser implements TestWatcher, AfterAllCallback {

    public static final Path CHROMIUM = Path.of(System.getProperty("browser.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER =
            Path.of(System.getProperty("browser.chromedriver", "/usr/bin/chromedriver"));
    public static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final int width;
    private final int height;
    private ChromeDriver driver;
    private ChromeDriverService service;
    private Path userDataDir;

    /** A desktop-sized window (1366x900): sidebar, lesson and table of contents side by side. */
    public Browser() {
        this(1366, 900);
    }

    public Browser(int width, int height) {
        this.width = width;
        this.height = height;
    }

    /** The driver, started on first use. */
    public synchronized WebDriver driver() {
        if (driver == null) {
            start();
        }
        return driver;
    }

    public Browser open(String url) {
        driver().get(url);
        waitFor(d -> "complete".equals(js("return document.readyState")));
        return this;
    }

    public WebElement find(By by) {
        return driver().findElement(by);
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver()).executeScript(script, args);
    }

    public <T> T waitFor(Function<WebDriver, T> condition) {
        return waitFor(Duration.ofSeconds(15), condition);
    }

    public <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        return new WebDriverWait(driver(), timeout, Duration.ofMillis(100)).until(condition::apply);
    }

    /**
     * Emulates CSS media features through Chrome DevTools ({@code Emulation.setEmulatedMedia}), e.g.
     * {@code Map.of("prefers-color-scheme", "dark")}; an empty map returns to the browser's own.
     */
    public void emulateMedia(Map<String, String> features) {
        List<Map<String, String>> list = features.entrySet().stream()
                .map(f -> Map.of("name", f.getKey(), "value", f.getValue()))
                .toList();
        ((ChromeDriver) driver()).executeCdpCommand("Emulation.setEmulatedMedia", Map.of("features", list));
    }

    /** Resizes the window (e.g. to a phone's width); the page reflows as it would there. */
    public void resize(int width, int height) {
        driver().manage().window().setSize(new Dimension(width, height));
    }

    /** Whether an image has loaded and decoded (its natural width is known). */
    public boolean imageLoaded(WebElement img) {
        Object width = js("return arguments[0].complete && arguments[0].naturalWidth", img);
        return width instanceof Number n && n.intValue() > 0;
    }

    /** Whether the element's top edge is inside the viewport (below the sticky header). */
    public boolean inViewport(WebElement element) {
        return Boolean.TRUE.equals(js("""
                const r = arguments[0].getBoundingClientRect();
                return r.top >= 0 && r.top < window.innerHeight && r.bottom > 0;""", element));
    }

    private void start() {
        for (Path p : new Path[] {CHROMIUM, CHROMEDRIVER}) {
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(
                        p + " not found: install it with `apt-get install -y chromium chromium-driver`");
            }
        }
        try {
            userDataDir = Files.createTempDirectory("kubeguide-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-default-apps",
                "--no-first-run",
                "--no-default-browser-check",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + userDataDir);
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    /** Stops the browser and its driver, and removes the temporary profile. */
    public synchronized void quit() {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            driver = null;
            if (service != null) {
                service.stop();
                service = null;
            }
            deleteUserDataDir();
        }
    }

    /** Saves a screenshot to {@code target/screenshots/<name>.png}; returns its path, if one could be taken. */
    public Optional<Path> screenshot(String name) {
        if (driver == null) {
            return Optional.empty();
        }
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            Files.move(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return Optional.of(target);
        } catch (RuntimeException | IOException e) {
            System.err.println("Could not save a screenshot for " + name + ": " + e);
            return Optional.empty();
        }
    }

    /**
     * The page beyond the viewport (at most 6000 px of it), through Chrome DevTools, to
     * {@code target/screenshots/<name>.png}; returns its path, if one could be taken.
     */
    @SuppressWarnings("unchecked")
    public Optional<Path> fullPageScreenshot(String name) {
        try {
            Map<String, Object> size = (Map<String, Object>) js("return {w: document.documentElement.clientWidth,"
                    + " h: Math.min(6000, document.documentElement.scrollHeight)};");
            Map<String, Object> clip = Map.of(
                    "x",
                    0,
                    "y",
                    0,
                    "width",
                    ((Number) size.get("w")).doubleValue(),
                    "height",
                    ((Number) size.get("h")).doubleValue(),
                    "scale",
                    1);
            Map<String, Object> shot = ((ChromeDriver) driver())
                    .executeCdpCommand(
                            "Page.captureScreenshot",
                            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
            Path file = SCREENSHOTS.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".png");
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return Optional.of(file);
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not save a screenshot for " + name + ": " + e);
            return Optional.empty();
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        String name = context.getRequiredTestClass().getSimpleName() + "-"
                + context.getRequiredTestMethod().getName();
        screenshot(name)
                .ifPresent(p -> System.err.println("Screenshot of the failed test: " + p.toAbsolutePath()
                        + (driver != null ? " (page: " + driver.getCurrentUrl() + ")" : "")));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        quit();
    }

    private void deleteUserDataDir() {
        if (userDataDir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(userDataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
        userDataDir = null;
    }
}
