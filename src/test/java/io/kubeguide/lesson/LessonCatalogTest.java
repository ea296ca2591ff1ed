package io.kubeguide.lesson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeguide.content.ClasspathContentSource;
import io.kubeguide.content.DirectoryContentSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LessonCatalogTest {

    private final LessonRenderer renderer = new LessonRenderer();

    private LessonCatalog packagedCourse() {
        return new LessonCatalog(
                new ClasspathContentSource("content/", getClass().getClassLoader()), renderer);
    }

    @Test
    void packagedCourseIsServicesThenStorage() {
        LessonCatalog catalog = packagedCourse();
        assertThat(catalog.lessons()).extracting(Lesson::id).containsExactly("services", "storage");
        assertThat(catalog.lessons()).allSatisfy(l -> {
            assertThat(l.title()).isNotBlank();
            assertThat(l.summary()).isNotBlank();
        });
        assertThat(catalog.get("services").title()).isEqualTo("Services");
        assertThat(catalog.get("storage").number()).isEqualTo(2);
    }

    @Test
    void previousAndNextFollowTheCourseOrder() {
        LessonCatalog catalog = packagedCourse();
        assertThat(catalog.previous("services")).isEmpty();
        assertThat(catalog.next("services")).map(Lesson::id).contains("storage");
        assertThat(catalog.previous("storage")).map(Lesson::id).contains("services");
        assertThat(catalog.next("storage")).isEmpty();
    }

    @Test
    void lessonsHaveTheStableAnchorsThatExercisesLinkTo() {
        LessonCatalog catalog = packagedCourse();
        assertThat(catalog.get("services").headings())
                .extracting(Heading::id)
                .contains(
                        "what-a-service-is",
                        "creating-a-service",
                        "service-types",
                        "clusterip",
                        "nodeport",
                        "loadbalancer",
                        "externalname",
                        "how-services-load-balance",
                        "selectors-and-endpointslices",
                        "readiness",
                        "named-ports",
                        "headless-services",
                        "services-without-selectors",
                        "traffic-policies",
                        "debugging-a-service-with-no-endpoints",
                        "ingress-and-the-gateway-api");
        assertThat(catalog.get("storage").headings())
                .extracting(Heading::id)
                .contains(
                        "volumes",
                        "persistentvolumes",
                        "persistentvolumeclaims",
                        "access-modes",
                        "reclaim-policy",
                        "storageclasses-and-dynamic-provisioning",
                        "using-a-claim-in-a-pod",
                        "volume-permissions",
                        "statefulsets-and-volumeclaimtemplates",
                        "expanding-a-claim",
                        "snapshots-and-cloning");
    }

    @Test
    void servicesLessonHasTheExampleManifestDiagramAndARewrittenLinkToStorage() {
        Lesson services = packagedCourse().get("services");
        assertThat(services.html())
                .contains("<code class=\"language-yaml\">")
                .contains("name: frontend-service")
                .contains("targetPort: 8080")
                .contains("src=\"/static/img/services-routing.svg\"")
                .contains("href=\"/lessons/storage\"")
                .doesNotContain("lesson.md");
        Lesson storage = packagedCourse().get("storage");
        assertThat(storage.html())
                .contains("href=\"/lessons/services#creating-a-service\"")
                .contains("src=\"/static/img/storage-binding.svg\"");
    }

    @Test
    void unknownLessonIsNotFound() {
        assertThat(packagedCourse().find("networking")).isEmpty();
        assertThatThrownBy(() -> packagedCourse().get("networking")).isInstanceOf(LessonNotFoundException.class);
    }

    @Test
    void aContentDirectoryIsReReadWhenALessonChanges(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("course.yaml"), "lessons: [intro]\n");
        Path lesson = dir.resolve("intro/lesson.md");
        Files.createDirectories(lesson.getParent());
        Files.writeString(lesson, "---\ntitle: Intro\nsummary: First.\n---\n## Hello\n");
        LessonCatalog catalog = new LessonCatalog(new DirectoryContentSource(dir), renderer);
        assertThat(catalog.get("intro").html()).contains("Hello");

        Files.writeString(lesson, "---\ntitle: Introduction\nsummary: First.\n---\n## Hello again\n");
        Files.setLastModifiedTime(lesson, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(catalog.get("intro").title()).isEqualTo("Introduction");
        assertThat(catalog.get("intro").headings()).extracting(Heading::id).containsExactly("hello-again");

        Path second = dir.resolve("second/lesson.md");
        Files.createDirectories(second.getParent());
        Files.writeString(second, "---\ntitle: Second\nsummary: Next.\n---\nText\n");
        Files.writeString(dir.resolve("course.yaml"), "lessons: [intro, second]\n");
        Files.setLastModifiedTime(
                dir.resolve("course.yaml"), FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(catalog.next("intro")).map(Lesson::title).contains("Second");
    }

    @Test
    void aBrokenEditKeepsTheLastGoodVersion(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("course.yaml"), "lessons: [intro]\n");
        Path lesson = dir.resolve("intro/lesson.md");
        Files.createDirectories(lesson.getParent());
        Files.writeString(lesson, "---\ntitle: Intro\n---\nBody\n");
        LessonCatalog catalog = new LessonCatalog(new DirectoryContentSource(dir), renderer);

        Files.writeString(lesson, "---\ntitle: [unclosed\n");
        Files.setLastModifiedTime(lesson, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(catalog.get("intro").title()).isEqualTo("Intro");
    }

    @Test
    void frontMatterIsParsedAndRemoved() {
        LessonCatalog.FrontMatter fm =
                LessonCatalog.FrontMatter.parse("---\ntitle: \"A: b\"\nsummary: One line.\n---\n# Body\n");
        assertThat(fm.get("title")).contains("A: b");
        assertThat(fm.get("summary")).contains("One line.");
        assertThat(fm.body()).isEqualTo("# Body\n");
    }
}
