package io.kubeguide.lesson;

import java.util.List;
import org.jsoup.nodes.Entities;

/**
 * Sanitised HTML of a Markdown text, with its headings and sections, all computed once.
 *
 * @param html          the whole HTML
 * @param headings      every heading with an id, in document order
 * @param sections      the HTML split at {@code h2}/{@code h3} headings
 * @param toc           the headings shown in a table of contents (levels 2 and 3)
 * @param sectionedHtml the sections, each wrapped in {@code <div class="lesson-section" data-section="id">}: what a
 *                      page prints when it has nothing to add between sections
 */
public record RenderedMarkdown(
        String html, List<Heading> headings, List<Section> sections, List<Heading> toc, String sectionedHtml) {

    public RenderedMarkdown {
        headings = List.copyOf(headings);
        sections = List.copyOf(sections);
        toc = List.copyOf(toc);
    }

    public static RenderedMarkdown of(String html, List<Heading> headings, List<Section> sections) {
        List<Heading> toc =
                headings.stream().filter(h -> h.level() == 2 || h.level() == 3).toList();
        StringBuilder sectioned = new StringBuilder(html.length() + sections.size() * 64);
        for (Section s : sections) {
            sectioned
                    .append("<div class=\"lesson-section\" data-section=\"")
                    .append(Entities.escape(s.id()))
                    .append("\">")
                    .append(s.html())
                    .append("</div>");
        }
        return new RenderedMarkdown(html, headings, sections, toc, sectioned.toString());
    }
}
