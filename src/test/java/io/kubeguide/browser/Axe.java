package io.kubeguide.browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.JavascriptExecutor;

/**
 * axe-core in the page under test: the script comes from the npm package the Maven build installs into
 * {@code target/axe} (pinned in {@code src/test/axe/package-lock.json}; never a CDN), injected with
 * {@code executeScript}, and run with the WCAG 2.0 A/AA, WCAG 2.1 AA and best-practice rules.
 */
public final class Axe {

    public static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21aa", "best-practice");

    private static final Path SCRIPT =
            Path.of(System.getProperty("axe.script", "target/axe/node_modules/axe-core/axe.min.js"));

    /** One rule broken on a page, with the elements that break it. */
    public record Violation(String rule, String impact, String help, String helpUrl, List<Node> nodes) {

        public boolean seriousOrWorse() {
            return "serious".equals(impact) || "critical".equals(impact);
        }

        public String describe() {
            return rule + " (" + impact + ", " + nodes.size() + "): " + help + " " + helpUrl
                    + nodes.stream()
                            .map(n -> "\n      " + n.target() + "  " + n.html() + "\n        "
                                    + n.summary().replace("\n", "\n        "))
                            .collect(Collectors.joining());
        }
    }

    public record Node(String target, String html, String summary) {}

    private final String script;

    public Axe() {
        if (!Files.isReadable(SCRIPT)) {
            throw new IllegalStateException(SCRIPT.toAbsolutePath() + " is missing: the Maven build installs axe-core "
                    + "there with npm before the integration tests (./mvnw verify)");
        }
        try {
            script = Files.readString(SCRIPT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of axe-core that ran, as it says of itself. */
    public String version(Browser browser) {
        inject(browser);
        return (String) browser.js("return window.axe.version;");
    }

    /** Runs axe on the whole document as it is now. */
    @SuppressWarnings("unchecked")
    public List<Violation> run(Browser browser) {
        inject(browser);
        Object result = ((JavascriptExecutor) browser.driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                window.axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
                  .then(r => done(r.violations.map(v => ({
                      rule: v.id, impact: v.impact || 'minor', help: v.help, helpUrl: v.helpUrl,
                      nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 240),
                                                summary: n.failureSummary || ''}))}))))
                  .catch(e => done('axe failed: ' + e));""", TAGS);
        if (result instanceof String failure) {
            throw new IllegalStateException(failure);
        }
        return ((List<Map<String, Object>>) result)
                .stream()
                        .map(v -> new Violation(
                                (String) v.get("rule"),
                                (String) v.get("impact"),
                                (String) v.get("help"),
                                (String) v.get("helpUrl"),
                                ((List<Map<String, Object>>) v.get("nodes"))
                                        .stream()
                                                .map(n -> new Node(
                                                        (String) n.get("target"), (String) n.get("html"), (String)
                                                                n.get("summary")))
                                                .toList()))
                        .toList();
    }

    private void inject(Browser browser) {
        if (!Boolean.TRUE.equals(browser.js("return !!window.axe;"))) {
            browser.js(script);
        }
    }
}
