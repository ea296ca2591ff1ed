package io.kubeguide.lesson;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;

class LessonRendererTest {

    private final LessonRenderer renderer = new LessonRenderer();

    private Document render(String markdown) {
        return Jsoup.parseBodyFragment(renderer.render(markdown, "services").html());
    }

    @Test
    void headingsGetStableAnchorsAndPermalinks() {
        Document doc = render("""
                ## What a Service is

                ### Selectors and EndpointSlices

                ## StorageClasses and dynamic provisioning
                """);
        assertThat(doc.select("h2, h3").eachAttr("id"))
                .containsExactly(
                        "what-a-service-is", "selectors-and-endpointslices", "storageclasses-and-dynamic-provisioning");
        assertThat(doc.selectFirst("h2#what-a-service-is a.heading-anchor").attr("href"))
                .isEqualTo("#what-a-service-is");
    }

    @Test
    void tableOfContentsListsHeadingsInOrderWithTheirLevel() {
        RenderedMarkdown rendered = renderer.render("""
                Intro text.

                ## Service types

                ### ClusterIP

                ### NodePort

                ## Readiness
                """, "services");
        assertThat(rendered.headings())
                .containsExactly(
                        new Heading(2, "service-types", "Service types"),
                        new Heading(3, "clusterip", "ClusterIP"),
                        new Heading(3, "nodeport", "NodePort"),
                        new Heading(2, "readiness", "Readiness"));
    }

    @Test
    void sectionsSplitAtHeadingsSoPagesCanAddMarkupAfterOne() {
        RenderedMarkdown rendered = renderer.render("""
                Intro.

                ## Creating a Service

                Body one.

                ### ClusterIP

                Body two.
                """, "services");
        assertThat(rendered.sections()).extracting(Section::id).containsExactly("", "creating-a-service", "clusterip");
        assertThat(rendered.sections().get(1).html()).contains("Body one.").doesNotContain("Body two.");
        assertThat(String.join(
                        "", rendered.sections().stream().map(Section::html).toList()))
                .isEqualTo(rendered.html());
    }

    @Test
    void fencedCodeCarriesItsLanguageClass() {
        Document doc = render("""
                ```yaml
                apiVersion: v1
                kind: Service
                ```
                """);
        assertThat(doc.selectFirst("pre > code").className()).isEqualTo("language-yaml");
        assertThat(doc.selectFirst("pre > code").text()).contains("kind: Service");
    }

    @Test
    void tablesAdmonitionsAndAttributesAreRendered() {
        Document doc = render("""
                | Type | Use |
                | --- | --- |
                | ClusterIP | inside |

                !!! warning "Careful"
                    Deleting a claim can delete your data.

                A lead paragraph. {.lead}
                """);
        assertThat(doc.select(".table-wrap > table td").eachText()).containsExactly("ClusterIP", "inside");
        assertThat(doc.selectFirst("div.adm-block.adm-warning .adm-heading").text())
                .isEqualTo("Careful");
        assertThat(doc.selectFirst("div.adm-warning .adm-body").text()).contains("Deleting a claim");
        assertThat(doc.select("svg")).isEmpty();
        assertThat(doc.selectFirst("p.lead").text()).isEqualTo("A lead paragraph.");
    }

    @Test
    void linksBetweenLessonFilesBecomeLessonUrls() {
        Document doc = render("""
                [a](04-storage.md) [b](../storage/lesson.md) [c](storage/lesson.md#access-modes)
                [d](lesson.md#readiness) [e](./storage.md) [f](#named-ports) [g](https://kubernetes.io/docs/)
                [h](/static/img/x.svg) [i](notes.txt)
                """);
        assertThat(doc.select("a").eachAttr("href"))
                .containsExactly(
                        "/lessons/storage",
                        "/lessons/storage",
                        "/lessons/storage#access-modes",
                        "/lessons/services#readiness",
                        "/lessons/storage",
                        "#named-ports",
                        "https://kubernetes.io/docs/",
                        "/static/img/x.svg",
                        "notes.txt");
    }

    @Test
    void hostileHtmlIsStripped() {
        String html = renderer.render("""
                <script>alert('x')</script>

                <div onclick="steal()" onmouseover="steal()">Click</div>

                <img src="x.png" onerror="steal()" alt="x">

                <a href="javascript:steal()">link</a> <a href="data:text/html,<script>1</script>">data</a>

                <iframe src="https://evil.example"></iframe>

                <p style="position:fixed">styled</p><form action="/x"><input name="a"></form>

                <svg onload="steal()"><circle r="1"/></svg>
                """, "services").html();
        assertThat(html)
                .doesNotContainIgnoringCase("<script")
                .doesNotContainIgnoringCase("onclick")
                .doesNotContainIgnoringCase("onmouseover")
                .doesNotContainIgnoringCase("onerror")
                .doesNotContainIgnoringCase("onload")
                .doesNotContainIgnoringCase("javascript:")
                .doesNotContainIgnoringCase("data:text")
                .doesNotContainIgnoringCase("<iframe")
                .doesNotContainIgnoringCase("style=")
                .doesNotContainIgnoringCase("<form")
                .doesNotContainIgnoringCase("<input")
                .doesNotContainIgnoringCase("<svg")
                .doesNotContain("alert(");
        assertThat(html).contains("Click").contains("styled");
    }

    @Test
    void allowedHtmlIsKept() {
        Document doc = render("""
                <div align="center"><img src="/static/img/services-routing.svg" alt="diagram" width="780" height="400"></div>

                <details><summary>More</summary><kbd>Ctrl</kbd></details>
                """);
        assertThat(doc.selectFirst("div[align=center] > img").attributes().asList())
                .extracting(a -> a.getKey() + "=" + a.getValue())
                .contains("src=/static/img/services-routing.svg", "alt=diagram", "width=780", "height=400");
        assertThat(doc.select("details > summary")).hasSize(1);
        assertThat(doc.select("kbd")).hasSize(1);
    }

    @Test
    void externalLinksAreMarkedNoopener() {
        Document doc = render("[k8s](https://kubernetes.io/)");
        assertThat(doc.selectFirst("a").attr("rel")).isEqualTo("noopener");
    }

    @Test
    void rewriteLeavesUnrelatedHrefsAlone() {
        for (String href :
                List.of("mailto:a@b.c", "https://x.y/lesson.md", "//cdn.example/a.md", "/lessons/x", "#top", "a.txt")) {
            assertThat(LessonRenderer.rewriteHref(href, "services")).isEqualTo(href);
        }
    }
}
