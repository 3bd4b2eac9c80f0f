"""Charts and maps as a feed reader shows them: without the site's stylesheet, in a
light or a dark theme of the reader's own."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from bs4 import BeautifulSoup

ATOM = "{http://www.w3.org/2005/Atom}"


def soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def light_colours(css: str) -> dict[str, str]:
    """The stylesheet's colours as its first (light) scheme names them: ink -> #1f1d1a."""
    found: dict[str, str] = {}
    for name, value in re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})\b", css):
        found.setdefault(name, value.lower())
    return found


def painted(element, name: str) -> str:
    """How an SVG element is drawn where no stylesheet applies (fill, stroke, text-anchor):
    by its own attribute or its nearest ancestor's, else by SVG's initial value."""
    for node in (element, *element.parents):
        if node.has_attr(name):
            return node[name].lower()
        if node.name == "svg":
            break
    return {"fill": "black", "stroke": "none", "text-anchor": "start"}[name]


def test_a_feed_reader_without_the_stylesheet_sees_the_maps_and_charts_in_the_sites_colours(real_site):
    """A feed reader shows the chapter without the site's CSS: an unpainted area is black
    and the labels on it vanish. The shapes carry the light scheme's colours themselves."""
    colours = light_colours((real_site.root / "static" / "style.css").read_text(encoding="utf-8"))
    ink, muted, accent = colours["ink"], colours["muted"], colours["accent"]
    feed = ET.parse(real_site.out / "en" / "feed.xml").getroot()
    entry = next(e for e in feed.iter(f"{ATOM}entry") if e.find(f"{ATOM}link").get("href").endswith("/heze/"))
    content = soup(entry.find(f"{ATOM}content").text)
    maps, charts = content.select("svg.map-svg"), content.select("svg.chart-svg")
    assert len(maps) == 2 and charts
    for svg in maps:
        for path in svg.find_all("path"):
            assert painted(path, "fill") == colours[f"map-{path['class'][0]}"], path["class"]
        assert {painted(dot, "fill") for dot in svg.find_all("circle")} <= {ink, accent}
        assert {painted(label, "fill") for label in svg.find_all("text")} <= {ink, muted}
        for frame in svg.select("rect:not(.backdrop)"):
            assert (painted(frame, "fill"), painted(frame, "stroke")) == ("none", accent)
    for svg in charts:
        assert {painted(bar, "fill") for bar in svg.select("rect:not(.backdrop)")} == {colours["bar"]}
        assert painted(svg.find("line"), "stroke") == colours["rule"]
        for label in svg.find_all("text"):
            assert painted(label, "fill") in (ink, muted) and painted(label, "text-anchor") == "middle"


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_in_a_dark_feed_reader_the_labels_stand_on_the_sites_paper(real_site):
    """A feed reader in a dark theme shows an SVG on its own dark background: without
    paper of its own a chart's dark labels vanish. Each chart and map lays the paper
    first, under the whole drawing, and every label reads on it."""
    colours = light_colours((real_site.root / "static" / "style.css").read_text(encoding="utf-8"))
    feed = ET.parse(real_site.out / "zh" / "feed.xml").getroot()
    content = soup("".join(entry.find(f"{ATOM}content").text for entry in feed.iter(f"{ATOM}entry")))
    drawings = content.select("svg.map-svg, svg.chart-svg")
    assert len(drawings) >= 4
    for svg in drawings:
        first = next(child for child in svg.children if child.name not in ("title", "desc"))
        assert first.name == "rect" and painted(first, "fill") == colours["paper"], str(svg)[:200]
        assert (first.get("width"), first.get("height")) == ("100%", "100%")
        for label in svg.find_all("text"):
            assert contrast(painted(label, "fill"), colours["paper"]) >= 4.5, label
