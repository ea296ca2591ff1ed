package io.kubeguide.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.kubeguide.pages.SharedPages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Lesson pages are rendered once and served from memory, yet an author's edit shows on the next read. */
@WebMvcTest(
        excludeFilters =
                @ComponentScan.Filter(
                        type = FilterType.REGEX,
                        pattern = "io\\.kubeguide\\.(exercise|progress|sandbox|terminal|teach)\\..*"))
@Import({SecurityConfig.class, SharedPages.class, LessonPagesTest.LessonBeans.class})
@ImportAutoConfiguration({
    SecurityAutoConfiguration.class,
    ServletWebSecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class
})
class SharedPagesTest {

    @TempDir
    static Path content;

    @DynamicPropertySource
    static void contentOnDisk(DynamicPropertyRegistry registry) throws IOException {
        Path packaged = Path.of("content");
        try (Stream<Path> files = Files.walk(packaged)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = content.resolve(packaged.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        registry.add("guide.content.dir", content::toString);
    }

    @Autowired
    MockMvc mvc;

    @Test
    void aLessonPageIsTheSameOnEveryReadUntilItsFileChanges() throws Exception {
        String first = page("/lessons/services");
        assertThat(page("/lessons/services")).isEqualTo(first);
        assertThat(first).contains("<h1>Services</h1>").doesNotContain("A note added by the author");

        Path lesson = content.resolve("services/lesson.md");
        Files.writeString(lesson, Files.readString(lesson) + "\n\nA note added by the author.\n");
        Files.setLastModifiedTime(lesson, FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(page("/lessons/services")).contains("A note added by the author");
        assertThat(page("/")).contains("Services");
    }

    private String page(String path) throws Exception {
        return mvc.perform(get(path)).andReturn().getResponse().getContentAsString();
    }
}
