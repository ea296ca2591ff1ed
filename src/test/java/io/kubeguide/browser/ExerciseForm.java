package io.kubeguide.browser;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The exercise panel's editor as browser tests use it: put YAML in, press Submit, wait for the answer. */
public final class ExerciseForm {

    private ExerciseForm() {}

    /** Replaces the editor's text on the page's (first) exercise panel and presses Submit. */
    public static void submit(Browser browser, String yaml) {
        WebElement panel = browser.find(By.cssSelector(".exercise-panel"));
        browser.waitFor(d -> !panel.findElements(By.cssSelector(".CodeMirror")).isEmpty());
        browser.js(
                "arguments[0].querySelector('.CodeMirror').CodeMirror.setValue(arguments[1]);"
                        + "arguments[0].querySelector('.report').removeAttribute('data-passed');",
                panel,
                yaml);
        WebElement button = panel.findElement(By.cssSelector("button.submit"));
        browser.js("arguments[0].scrollIntoView({block: 'center'});", button);
        button.click();
    }

    /** "true", "false" (a report), or "error" (the submission could not be graded: the page says why). */
    public static String awaitAnswer(Browser browser, Duration max) {
        return browser.waitFor(
                max,
                d -> d.findElement(By.cssSelector(".exercise-panel .report")).getAttribute("data-passed"));
    }
}
