package io.kubeguide.exercise.view;

import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.data.MutableDataSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jsoup.Jsoup;
import org.jsoup.safety.Safelist;
import org.springframework.stereotype.Component;

/**
 * Renders the Markdown of exercise prompts and hints to sanitised HTML (templates call it as
 * {@code @exerciseMarkdown.html(text)}). Content is authored, but it is sanitised all the same: a hint must never be
 * able to put a script or an inline handler into the page. Results are cached; the texts are few and fixed.
 */
@Component("exerciseMarkdown")
public class ExerciseMarkdown {

    private static final Safelist SAFE = Safelist.relaxed()
            .addAttributes("code", "class")
            .addAttributes("pre", "class")
            .addProtocols("a", "href", "#", "http", "https")
            .preserveRelativeLinks(true);

    private final Parser parser;
    private final HtmlRenderer renderer;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    public ExerciseMarkdown() {
        MutableDataSet options = new MutableDataSet();
        options.set(Parser.EXTENSIONS, List.of(TablesExtension.create()));
        options.set(HtmlRenderer.ESCAPE_HTML, true);
        this.parser = Parser.builder(options).build();
        this.renderer = HtmlRenderer.builder(options).build();
    }

    public String html(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        if (cache.size() > 2_000) {
            cache.clear();
        }
        return cache.computeIfAbsent(markdown, md ->
                Jsoup.clean(renderer.render(parser.parse(md)), "http://guide.invalid/", SAFE));
    }
}
