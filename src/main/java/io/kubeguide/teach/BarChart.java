package io.kubeguide.teach;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A horizontal bar chart as inline SVG, drawn on the server from the figures: one row per bar, its label and value on a
 * line above a full-width track, so it reads on a phone as on a desktop (the {@code viewBox} scales to the width).
 * Colours come from classes ({@code static/css/teach.css}), so the dark scheme applies and no inline style breaks the
 * Content-Security-Policy. Every piece of text is escaped: labels are failure messages that quote what learners wrote.
 * The chart is one image for assistive technology, named by its title and described by its figures.
 */
final class BarChart {

    /** One bar: {@code share} from 0 to 1 is its length; {@code value} the figure written next to it. */
    record Bar(String label, double share, String value) {}

    /** Whether a longer bar is good (solved) or bad (failed), for its colour. */
    enum Tone {
        GOOD,
        BAD
    }

    static final int WIDTH = 360;
    static final int ROW = 44;
    static final int LABEL_CHARS = 34;

    private BarChart() {}

    /**
     * The SVG element.
     *
     * @param id    unique on the page (its title and description are found by it)
     * @param title what the chart shows
     */
    static String svg(String id, String title, Tone tone, List<Bar> bars) {
        String safeId = id.replaceAll("[^A-Za-z0-9_-]", "-");
        int height = Math.max(1, bars.size()) * ROW + 4;
        StringBuilder svg = new StringBuilder()
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(height)
                .append("\" aria-labelledby=\"")
                .append(safeId)
                .append("-title ")
                .append(safeId)
                .append("-desc\"><title id=\"")
                .append(safeId)
                .append("-title\">")
                .append(escape(title))
                .append("</title><desc id=\"")
                .append(safeId)
                .append("-desc\">")
                .append(escape(description(bars)))
                .append("</desc>");
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = i * ROW;
            double share = Math.max(0, Math.min(1, bar.share()));
            svg.append("<text class=\"bar-label\" x=\"0\" y=\"")
                    .append(y + 16)
                    .append("\">")
                    .append(escape(shorten(bar.label())))
                    .append("</text><text class=\"bar-value\" x=\"")
                    .append(WIDTH)
                    .append("\" y=\"")
                    .append(y + 16)
                    .append("\" text-anchor=\"end\">")
                    .append(escape(bar.value()))
                    .append("</text><rect class=\"bar-track\" x=\"0\" y=\"")
                    .append(y + 23)
                    .append("\" width=\"")
                    .append(WIDTH)
                    .append("\" height=\"14\" rx=\"3\"/>");
            if (share > 0) {
                svg.append("<rect class=\"bar bar-")
                        .append(tone.name().toLowerCase(Locale.ROOT))
                        .append("\" x=\"0\" y=\"")
                        .append(y + 23)
                        .append("\" width=\"")
                        .append(String.format(Locale.ROOT, "%.1f", Math.max(2, share * WIDTH)))
                        .append("\" height=\"14\" rx=\"3\"/>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static String description(List<Bar> bars) {
        if (bars.isEmpty()) {
            return "No figures yet.";
        }
        return bars.stream().map(b -> b.label() + ": " + b.value()).collect(Collectors.joining("; ")) + ".";
    }

    private static String shorten(String label) {
        return label.length() <= LABEL_CHARS
                ? label
                : label.substring(0, LABEL_CHARS - 1).stripTrailing() + "…";
    }

    /** Text for XML (and HTML): the five characters that could end a text node or an attribute. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    // characters XML 1.0 cannot hold (control characters) are left out
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
