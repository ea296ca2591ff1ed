package io.kubeguide.lesson;

import java.util.List;

/** Sanitised HTML of a Markdown text, with its headings and sections. */
public record RenderedMarkdown(String html, List<Heading> headings, List<Section> sections) {

    public RenderedMarkdown {
        headings = List.copyOf(headings);
        sections = List.copyOf(sections);
    }
}
