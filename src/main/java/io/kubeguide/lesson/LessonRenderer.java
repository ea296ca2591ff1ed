package io.kubeguide.lesson;

import com.vladsch.flexmark.ext.admonition.AdmonitionExtension;
import com.vladsch.flexmark.ext.attributes.AttributesExtension;
import com.vladsch.flexmark.ext.gfm.strikethrough.StrikethroughExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.safety.Cleaner;
import org.jsoup.safety.Safelist;
import org.springframework.stereotype.Component;

/**
 * Markdown to safe HTML: flexmark renders (tables, heading ids, admonitions, attributes, fenced code with a
 * {@code language-*} class), jsoup sanitises with an allow-list, then relative links between lesson files are rewritten
 * to lesson URLs and headings get a permalink. Thread-safe.
 */
@Component
public class LessonRenderer {

    /** Base URI used only so that jsoup can validate relative links; it never appears in the output. */
    private static final String BASE_URI = "https://lesson.invalid/lessons/";

    private static final Pattern NUMBERED_FILE = Pattern.compile("^\\d+[-_.]");

    private final Parser parser;
    private final HtmlRenderer renderer;
    private final Safelist safelist;

    public LessonRenderer() {
        MutableDataSet options = new MutableDataSet();
        options.set(
                Parser.EXTENSIONS,
                List.of(
                        TablesExtension.create(),
                        StrikethroughExtension.create(),
                        AdmonitionExtension.create(),
                        AttributesExtension.create()));
        options.set(HtmlRenderer.GENERATE_HEADER_ID, true);
        options.set(HtmlRenderer.RENDER_HEADER_ID, true);
        options.set(HtmlRenderer.FENCED_CODE_LANGUAGE_CLASS_PREFIX, "language-");
        options.set(TablesExtension.WITH_CAPTION, false);
        this.parser = Parser.builder(options).build();
        this.renderer = HtmlRenderer.builder(options).build();
        this.safelist = safelist();
    }

    /** What survives sanitising. Scripts, event handlers, styles, forms, iframes and SVG markup do not. */
    static Safelist safelist() {
        return Safelist.relaxed()
                .addTags(
                        "div",
                        "span",
                        "section",
                        "figure",
                        "figcaption",
                        "details",
                        "summary",
                        "kbd",
                        "samp",
                        "var",
                        "mark",
                        "hr",
                        "del",
                        "s",
                        "ins",
                        "abbr",
                        "dfn")
                .addAttributes(":all", "class", "title", "lang", "dir")
                .addAttributes("h1", "id")
                .addAttributes("h2", "id")
                .addAttributes("h3", "id")
                .addAttributes("h4", "id")
                .addAttributes("h5", "id")
                .addAttributes("h6", "id")
                .addAttributes("div", "id", "align")
                .addAttributes("p", "id", "align")
                .addAttributes("span", "id")
                .addAttributes("section", "id")
                .addAttributes("figure", "id")
                .addAttributes("table", "id")
                .addAttributes("th", "align")
                .addAttributes("td", "align")
                .addAttributes("img", "align", "loading", "decoding")
                .addAttributes("details", "open")
                .addAttributes("a", "id", "name", "rel")
                .addProtocols("a", "href", "#")
                .preserveRelativeLinks(true);
    }

    /**
     * Renders a lesson body (front matter already removed).
     *
     * @param lessonId the lesson this text belongs to, for links such as {@code lesson.md#x} or {@code #x}
     */
    public RenderedMarkdown render(String markdown, String lessonId) {
        String raw = renderer.render(parser.parse(markdown));
        Document dirty = Jsoup.parseBodyFragment(raw, BASE_URI);
        Document doc = new Cleaner(safelist).clean(dirty);
        doc.outputSettings().prettyPrint(false);
        Element body = doc.body();

        for (Element a : body.select("a[href]")) {
            a.attr("href", rewriteHref(a.attr("href"), lessonId));
            String href = a.attr("href");
            if (href.startsWith("http://") || href.startsWith("https://")) {
                a.attr("rel", "noopener");
            }
        }
        for (Element table : body.select("table")) {
            table.wrap("<div class=\"table-wrap\"></div>");
        }

        List<Heading> headings = new ArrayList<>();
        for (Element h : body.select("h1, h2, h3, h4, h5, h6")) {
            if (h.id().isEmpty()) {
                continue;
            }
            int level = h.tagName().charAt(1) - '0';
            headings.add(new Heading(level, h.id(), h.text()));
            h.appendElement("a")
                    .addClass("heading-anchor")
                    .attr("href", "#" + h.id())
                    .attr("aria-label", "Link to this section: " + h.text())
                    .text("#");
        }

        return RenderedMarkdown.of(body.html(), headings, sections(body));
    }

    /** Splits the top-level nodes at each {@code h2}/{@code h3} that has an id. */
    private static List<Section> sections(Element body) {
        List<Section> sections = new ArrayList<>();
        String id = "";
        StringBuilder html = new StringBuilder();
        for (Node node : body.childNodes()) {
            if (node instanceof Element e && (e.nameIs("h2") || e.nameIs("h3")) && !e.id().isEmpty()) {
                if (!html.toString().isBlank() || !id.isEmpty()) {
                    sections.add(new Section(id, html.toString()));
                }
                id = e.id();
                html.setLength(0);
            }
            html.append(node.outerHtml());
        }
        if (!html.toString().isBlank() || !id.isEmpty()) {
            sections.add(new Section(id, html.toString()));
        }
        return sections;
    }

    /**
     * Links between lesson files become lesson URLs: {@code 04-storage.md}, {@code storage.md},
     * {@code ../storage/lesson.md}, {@code storage/lesson.md#x} and {@code ./lesson.md#x} (same lesson). Everything
     * else is left as it is.
     */
    static String rewriteHref(String href, String lessonId) {
        if (href.isEmpty() || href.startsWith("#") || href.startsWith("/")) {
            return href;
        }
        URI uri;
        try {
            uri = new URI(href);
        } catch (URISyntaxException e) {
            return href;
        }
        if (uri.getScheme() != null || uri.getAuthority() != null || uri.getPath() == null) {
            return href;
        }
        String path = uri.getPath();
        if (!path.endsWith(".md")) {
            return href;
        }
        String[] parts = path.split("/");
        String file = parts[parts.length - 1];
        String target;
        if (file.equals("lesson.md") || file.equals("index.md") || file.equals("README.md")) {
            String folder = parts.length >= 2 ? parts[parts.length - 2] : ".";
            target = folder.equals(".") || folder.isEmpty() ? lessonId : (folder.equals("..") ? null : folder);
        } else {
            target = file.substring(0, file.length() - 3);
        }
        if (target == null || target.isEmpty()) {
            return href;
        }
        Matcher numbered = NUMBERED_FILE.matcher(target);
        target = numbered.replaceFirst("");
        String fragment = uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment();
        return "/lessons/" + target + fragment;
    }
}
