"""Locator maps drawn at build time as accessible inline SVG, labelled in the page's language.

A map is a figure: one SVG per panel (China, then a closer view), each with a
title and a description naming what it marks, and a caption that says in words
where the place is, what the map leaves out and where its data come from. The
small version on the cover is the first panel alone, without labels.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from .languages import KNOWN_LANGUAGES
from .mapmodel import LocatorMap, MapPanel, MapPlace, MapSource
from .paint import ACCENT, INK, MAP_FOCUS, MAP_LAND, MAP_REGION, MUTED, PAPER, backdrop
from .quoted import mark_quoted_han, typeset

DOT = {"city": 3, "seat": 2.5, "focus": 5}  # radius of a place's dot, by kind; an area has none
LABEL_GAP = 6
# Each shape painted as the stylesheet paints it in the light scheme (paint.py), for a
# reader without it; the dots and labels inherit the ink and size the panel sets (the
# chapter's page weighs less for it). The labels' halo (paint-order) is left to the
# stylesheet: where a reader kept the stroke but not paint-order, it would cover the letters.
PANEL_PAINT = f'fill="{INK}" font-size="13"'
SHAPE_PAINT = {
    "land": f'fill="{MAP_LAND}"',
    "region": f'fill="{MAP_REGION}" stroke="{PAPER}" stroke-width="0.6"',
    "focus": f'fill="{MAP_FOCUS}" stroke="{ACCENT}" stroke-width="1.5"',
}
FRAME_PAINT = f'fill="none" stroke="{ACCENT}" stroke-width="2"'
DOT_PAINT = {
    "city": f'stroke="{PAPER}"',
    "seat": f'stroke="{PAPER}"',
    "focus": f'fill="{ACCENT}" stroke="{PAPER}"',
}
LABEL_PAINT = {
    "city": "",
    "seat": "",
    "focus": ' font-weight="700"',
    "area": f' fill="{MUTED}" font-size="12"',
}


@dataclass(frozen=True)
class MapLabels:
    """The interface text of a map, in the page's language."""

    marked: str  # "Marked on the map: %(places)s"
    sources: str  # "Map data: %(sources)s"
    source: str  # "%(source)s, %(what)s"
    licensed: str  # "%(source)s (%(licence)s), %(what)s"
    list_separator: str  # between names: ", " or "、"
    clause_separator: str  # between sources: "; " or "；"
    space: str  # between sentences: " " or ""


def render_map(locator: LocatorMap, lang: str, labels: MapLabels) -> str:
    """The whole figure, for a chapter: every panel, labelled, and the caption."""
    panels = "".join(
        _svg(locator, panel, lang, labels, f"map-{locator.id}-{panel.id}") for panel in locator.panels
    )
    shown = KNOWN_LANGUAGES[lang]
    note = f"{labels.space}{escape(typeset(locator.note[lang], shown))}" if locator.note else ""
    return (
        f'<figure class="map" id="map-{locator.id}"><div class="map-panels">{panels}</div>'
        f"<figcaption><strong>{escape(typeset(locator.title[lang], shown))}</strong> "
        f"{escape(typeset(locator.description[lang], shown))}{note} {_credit(locator, lang, labels)}"
        "</figcaption></figure>"
    )


def render_small(locator: LocatorMap, lang: str) -> str:
    """The first panel alone, its frame showing where the place is, for the cover."""
    panel, prefix = locator.panels[0], f"map-{locator.id}-{lang}-small"
    parts = [
        _open_svg(panel, prefix, locator.title[lang], locator.description[lang]),
        _shapes(panel),
        _frame(panel),
        "</svg>",
    ]
    return (
        f'<figure class="map map-small">{"".join(parts)}'
        f"<figcaption>{escape(typeset(locator.short[lang], KNOWN_LANGUAGES[lang]))}</figcaption></figure>"
    )


def _svg(locator: LocatorMap, panel: MapPanel, lang: str, labels: MapLabels, prefix: str) -> str:
    names = labels.list_separator.join(place.name[lang] for place in panel.places)
    desc = labels.marked % {"places": names} if names else locator.description[lang]
    return "".join(
        [
            _open_svg(panel, prefix, panel.title[lang], desc),
            _shapes(panel),
            _frame(panel),
            *(_place(place, lang) for place in panel.places),
            "</svg>",
        ]
    )


def _open_svg(panel: MapPanel, prefix: str, title: str, desc: str) -> str:
    return (
        f'<svg class="map-svg" viewBox="0 0 {panel.width} {panel.height}" role="img" {PANEL_PAINT} '
        f'aria-labelledby="{prefix}-title {prefix}-desc" preserveAspectRatio="xMidYMid meet">'
        f'<title id="{prefix}-title">{escape(title)}</title><desc id="{prefix}-desc">{escape(desc)}</desc>'
        f"{backdrop()}"
    )


def _shapes(panel: MapPanel) -> str:
    return "".join(
        f'<path class="{shape.kind}" d="{escape(shape.d)}" {SHAPE_PAINT[shape.kind]}/>'
        for shape in panel.shapes
    )


def _frame(panel: MapPanel) -> str:
    if panel.frame is None:
        return ""
    x, y, width, height = panel.frame
    return f'<rect class="frame" x="{x}" y="{y}" width="{width}" height="{height}" {FRAME_PAINT}/>'


def _place(place: MapPlace, lang: str) -> str:
    name, label = escape(place.name[lang]), LABEL_PAINT[place.kind]
    if place.kind == "area":
        return f'<text class="area" x="{place.x}" y="{place.y}" text-anchor="middle"{label}>{name}</text>'
    shift = {"left": -LABEL_GAP - DOT[place.kind], "right": LABEL_GAP + DOT[place.kind]}[place.label]
    anchor = "end" if place.label == "left" else "start"
    return (
        f'<g class="place {place.kind}"><circle cx="{place.x}" cy="{place.y}" r="{DOT[place.kind]}" '
        f"{DOT_PAINT[place.kind]}/>"
        f'<text x="{place.x + shift}" y="{place.y + 4}" text-anchor="{anchor}"{label}>{name}</text></g>'
    )


def _credit(locator: LocatorMap, lang: str, labels: MapLabels) -> str:
    """Where the data come from and under which licence, as each licence asks."""
    entries = escape(labels.clause_separator).join(
        _source(source, lang, labels) for source in locator.sources
    )
    return f'<small class="map-credit">{escape(labels.sources) % {"sources": entries}}</small>'


def _quoted(text: str, lang: str) -> str:
    """A credit's words as the page sets them, another language's marked as such."""
    language = KNOWN_LANGUAGES[lang]
    return str(mark_quoted_han(typeset(text, language), language))


def _source(source: MapSource, lang: str, labels: MapLabels) -> str:
    """One source, linked, with its licence (linked where it has an address) and what it gave."""
    given = {
        "source": f'<a href="{escape(source.url)}">{_quoted(source.name[lang], lang)}</a>',
        "what": _quoted(source.what[lang], lang),
    }
    if not source.licence:
        return escape(labels.source) % given
    licence = escape(source.licence[lang])
    if source.licence_url:
        licence = f'<a href="{escape(source.licence_url)}">{licence}</a>'
    return escape(labels.licensed) % (given | {"licence": licence})
