package io.kubeguide.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/** A learner's path through the lessons, in real headless Chromium. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class LessonNavigationIT {

    @RegisterExtension
    static Browser browser = new Browser();

    @LocalServerPort
    int port;

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    @Test
    void readServicesThenStorageThenComeBack() {
        browser.open(url("/"));
        List<String> titles = browser.driver().findElements(By.cssSelector(".course-title")).stream()
                .map(WebElement::getText)
                .toList();
        assertThat(titles).containsExactly("Services", "Storage");
        assertThat(browser.find(By.cssSelector(".course-card .course-summary")).getText())
                .isNotBlank();

        browser.find(By.cssSelector(".course-link[href='/lessons/services']")).click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/lessons/services"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Services");
        assertThat(browser.driver().getTitle()).startsWith("Services");

        // the four types, each with its own heading
        List<String> types =
                browser.driver().findElements(By.cssSelector("#service-types ~ h3, .lesson-body h3")).stream()
                        .map(h -> h.getAttribute("id"))
                        .toList();
        assertThat(types).contains("clusterip", "nodeport", "loadbalancer", "externalname");
        for (String type : List.of("ClusterIP", "NodePort", "LoadBalancer", "ExternalName")) {
            assertThat(browser.find(By.id(type.toLowerCase())).getText()).startsWith(type);
        }

        // the diagram is loaded and shown, with a text alternative
        WebElement diagram = browser.find(By.cssSelector("img[src='/static/img/services-routing.svg']"));
        browser.waitFor(d -> browser.imageLoaded(diagram));
        assertThat(diagram.isDisplayed()).isTrue();
        assertThat(diagram.getAttribute("alt")).contains("port 80").contains("8080");

        // the example manifest is highlighted and has a copy button
        WebElement manifest =
                browser.waitFor(d -> d.findElements(By.cssSelector(".code-block pre code.language-yaml.hljs")).stream()
                        .filter(c -> c.getText().contains("name: frontend-service"))
                        .findFirst()
                        .orElse(null));
        assertThat(manifest.findElements(By.cssSelector(".hljs-attr"))).isNotEmpty();
        WebElement copy = manifest.findElement(
                By.xpath("ancestor::div[contains(@class,'code-block')]//button[contains(@class,'copy-button')]"));
        assertThat(copy.getText()).isEqualTo("Copy");

        // Next: Storage
        WebElement next = browser.find(By.cssSelector("a[rel='next']"));
        assertThat(next.getText()).contains("Next").contains("Storage");
        next.click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/lessons/storage"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Storage");
        WebElement storageDiagram = browser.find(By.cssSelector("img[src='/static/img/storage-binding.svg']"));
        browser.waitFor(d -> browser.imageLoaded(storageDiagram));

        // the table of contents jumps to a section
        WebElement tocLink = browser.find(By.cssSelector("#toc a[href='#reclaim-policy']"));
        assertThat(tocLink.isDisplayed()).isTrue();
        tocLink.click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/lessons/storage#reclaim-policy"));
        WebElement heading = browser.find(By.id("reclaim-policy"));
        browser.waitFor(d -> browser.inViewport(heading));
        assertThat(heading.getText()).startsWith("Reclaim policy");

        // Previous: back to Services
        WebElement previous = browser.find(By.cssSelector("a[rel='prev']"));
        assertThat(previous.getText()).contains("Services");
        previous.click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/lessons/services"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Services");
        assertThat(browser.driver().findElements(By.cssSelector("a[rel='prev']")))
                .isEmpty();
    }

    @Test
    void linkBetweenLessonsIsRewrittenAndFollowed() {
        browser.open(url("/lessons/services"));
        WebElement link = browser.find(By.cssSelector(".lesson-body a[href='/lessons/storage']"));
        browser.js("arguments[0].scrollIntoView({block: 'center'})", link);
        link.click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/lessons/storage"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Storage");
    }

    @Test
    void unknownLessonShowsTheNotFoundPageInsideTheLayout() {
        browser.open(url("/lessons/no-such-lesson"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Page not found");
        assertThat(browser.find(By.id("sidebar")).isDisplayed()).isTrue();
        assertThat(browser.driver().getPageSource())
                .doesNotContain("Whitelabel")
                .doesNotContain("Exception");

        browser.open(url("/no/such/page"));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Page not found");
    }

    @Test
    void onAPhoneTheOutlineFoldsBehindAButton() {
        browser.driver().manage().window().setSize(new Dimension(390, 844));
        try {
            browser.open(url("/lessons/services"));
            WebElement toggle = browser.find(By.cssSelector(".nav-toggle"));
            WebElement sidebar = browser.find(By.id("sidebar"));
            browser.waitFor(d -> toggle.isDisplayed());
            assertThat(sidebar.isDisplayed()).isFalse();
            long overflow = ((Number) browser.js("return document.documentElement.scrollWidth - window.innerWidth"))
                    .longValue();
            assertThat(overflow).as("no horizontal scrolling on a phone").isLessThanOrEqualTo(0);
            toggle.click();
            browser.waitFor(d -> sidebar.isDisplayed());
            assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        } finally {
            browser.driver().manage().window().setSize(new Dimension(1366, 900));
        }
    }
}
