package io.kubeguide.teach;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeguide.teach.BarChart.Bar;
import io.kubeguide.teach.BarChart.Tone;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class BarChartTest {

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void barsAreAsLongAsTheirShareWithLabelAndValueAboveEach() throws Exception {
        String svg = BarChart.svg(
                "solve",
                "Solve rate per exercise",
                Tone.GOOD,
                List.of(
                        new Bar("services-clusterip", 0.5, "1 of 2 · 50%"),
                        new Bar("storage-pvc", 1, "3 of 3 · 100%")));
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("role")).isEqualTo("img");
        assertThat(root.getAttribute("aria-labelledby")).isEqualTo("solve-title solve-desc");
        assertThat(root.getAttribute("viewBox")).isEqualTo("0 0 360 92");
        assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("Solve rate per exercise");
        assertThat(doc.getElementsByTagName("desc").item(0).getTextContent())
                .isEqualTo("services-clusterip: 1 of 2 · 50%; storage-pvc: 3 of 3 · 100%.");
        NodeList rects = doc.getElementsByTagName("rect");
        // track, bar, track, bar
        assertThat(rects.getLength()).isEqualTo(4);
        assertThat(((Element) rects.item(1)).getAttribute("width")).isEqualTo("180.0");
        assertThat(((Element) rects.item(1)).getAttribute("class")).isEqualTo("bar bar-good");
        assertThat(((Element) rects.item(3)).getAttribute("width")).isEqualTo("360.0");
        NodeList texts = doc.getElementsByTagName("text");
        assertThat(texts.item(0).getTextContent()).isEqualTo("services-clusterip");
        assertThat(texts.item(1).getTextContent()).isEqualTo("1 of 2 · 50%");
    }

    @Test
    void aZeroShareDrawsOnlyTheTrackAndNoBarsSaysSo() throws Exception {
        Document zero = parse(BarChart.svg("z", "t", Tone.BAD, List.of(new Bar("never", 0, "0 of 4 · 0%"))));
        assertThat(zero.getElementsByTagName("rect").getLength()).isEqualTo(1);
        Document empty = parse(BarChart.svg("e", "t", Tone.BAD, List.of()));
        assertThat(empty.getElementsByTagName("desc").item(0).getTextContent()).isEqualTo("No figures yet.");
    }

    @Test
    void messagesThatQuoteLearnersAreEscapedNotMarkup() throws Exception {
        String hostile = "</text><script>alert('x')</script><text a=\"b\"> & \u0007";
        String svg = BarChart.svg(
                "x\" onload=\"alert(1)", "title </title><script>", Tone.BAD, List.of(new Bar(hostile, 0.3, hostile)));
        assertThat(svg).doesNotContain("<script").doesNotContain("onload=\"").doesNotContain("\u0007");
        Document doc = parse(svg); // still well-formed XML
        assertThat(doc.getElementsByTagName("script").getLength()).isZero();
        assertThat(doc.getDocumentElement().getAttribute("aria-labelledby"))
                .isEqualTo("x--onload--alert-1--title x--onload--alert-1--desc");
        assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).isEqualTo("title </title><script>");
        assertThat(doc.getElementsByTagName("text").item(1).getTextContent())
                .isEqualTo("</text><script>alert('x')</script><text a=\"b\"> & ");
        // a long label is shortened on the chart; the description keeps it whole
        assertThat(doc.getElementsByTagName("text").item(0).getTextContent())
                .hasSize(BarChart.LABEL_CHARS)
                .endsWith("…");
    }
}
