package io.kubeguide.exercise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Author mode (the guide reads the course from a folder on disk, as with {@code GUIDE_CONTENT_DIR}): an edited spec
 * shows on the next page load; a spec that no longer parses is shown on the page, with file, line and reason, while
 * learners keep the last good version.
 */
class AuthorLiveReloadIT extends EngineTestSupport {

    private static final String FILE = "services/exercises/fenced-pod.yaml";
    private static final String PAGE = "/exercises/fenced-pod";

    @Autowired
    MockMvc mvc;

    private Path spec;
    private String original;

    @BeforeEach
    void remember() throws Exception {
        spec = CONTENT.resolve(FILE);
        original = Files.readString(spec);
    }

    @AfterEach
    void restore() throws Exception {
        Files.writeString(spec, original);
    }

    @Test
    void anEditShowsOnTheNextPageLoadAndABrokenSpecIsShownWhileTheLastGoodOneServes() throws Exception {
        assertThat(page().select("h1.exercise-title").text()).contains("Run a plain Pod");
        assertThat(page().select(".author-problems")).isEmpty();

        Files.writeString(spec, original.replace("title: Run a plain Pod", "title: Run one plain Pod, edited"));
        assertThat(page().select("h1.exercise-title").text()).contains("Run one plain Pod, edited");

        // a typo in a field name, on the line of "prompt:"
        Files.writeString(
                spec,
                original.replace("title: Run a plain Pod", "title: Never served")
                        .replace("prompt:", "promt:"));
        Document broken = page();
        assertThat(broken.select("h1.exercise-title").text())
                .as("learners keep the last good version")
                .contains("Run one plain Pod, edited");
        assertThat(broken.select(".author-problems").text())
                .contains(FILE + " line " + ExerciseCatalogLiveReloadTest.lineOf(original, "prompt:")
                        + ": unknown field 'promt'")
                .doesNotContain("Exception", "at io.kubeguide");
        assertThat(broken.select(".author-problems[role=alert] h2").text()).contains("does not parse");

        Files.writeString(spec, original);
        Document fixed = page();
        assertThat(fixed.select(".author-problems")).isEmpty();
        assertThat(fixed.select("h1.exercise-title").text()).contains("Run a plain Pod");
    }

    private Document page() throws Exception {
        String html = mvc.perform(get(PAGE)).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        return Jsoup.parse(html);
    }
}
