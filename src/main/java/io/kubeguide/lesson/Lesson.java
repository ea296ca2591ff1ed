package io.kubeguide.lesson;

import java.util.List;

/**
 * One lesson, rendered once: front matter, sanitised HTML, headings (for the table of contents and for anchors), and
 * sections (for pages that add markup after a section).
 *
 * @param number position in the course, from 1
 */
public record Lesson(String id, int number, String title, String summary, RenderedMarkdown content) {

    public String html() {
        return content.html();
    }

    public List<Heading> headings() {
        return content.headings();
    }

    /** Headings shown in the table of contents: levels 2 and 3. */
    public List<Heading> toc() {
        return content.toc();
    }

    /** All sections, each in a {@code <div class="lesson-section" data-section="anchor">}. */
    public String sectionedHtml() {
        return content.sectionedHtml();
    }

    public List<Section> sections() {
        return content.sections();
    }

    public boolean hasAnchor(String anchor) {
        return content.headings().stream().anyMatch(h -> h.id().equals(anchor));
    }
}
