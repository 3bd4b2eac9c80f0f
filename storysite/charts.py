"""Charts drawn at build time as accessible inline SVG, with their numbers as a table."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from .i18n import Formatter
from .paint import BAR, INK, MUTED, RULE, backdrop
from .quoted import mark_quoted_han, typeset
from .records import ChartSeries

WIDTH, HEIGHT = 640, 300
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_SIDE = 28, 34, 8
# Painted and set as the stylesheet does it in the light scheme (paint.py), for a reader
# without it: there the axis would not show, and the labels would start at the middle
# of their bars rather than be centred on them. The labels inherit all but the years'
# muted ink from the chart (the chapter's page weighs less for it).
CHART_PAINT = f'fill="{INK}" font-size="15" text-anchor="middle"'


@dataclass(frozen=True)
class ChartLabels:
    """The interface text of a chart's table, in the page's language."""

    show: str
    year: str
    source: str


def render_chart(
    series: ChartSeries,
    fmt: Formatter,
    labels: ChartLabels,
    source_url: Callable[[str], str],
    source_name: Callable[[str], str] = str,
) -> str:
    """The whole figure: caption, SVG bar chart and a table of the numbers, each row
    naming its source as readers know it (the outlet), linked to the bibliography."""
    lang = fmt.language.code
    title = escape(typeset(series.title[lang], fmt.language))
    description = escape(typeset(series.description[lang], fmt.language))
    return (
        f'<figure class="chart" id="chart-{series.id}">'
        # HTML allows a figure's caption only as its first or last child.
        f"<figcaption><strong>{title}</strong> {description}</figcaption>"
        f"{_svg(series, lang, fmt)}"
        f"{_table(series, lang, fmt, labels, source_url, source_name)}"
        "</figure>"
    )


def _svg(series: ChartSeries, lang: str, fmt: Formatter) -> str:
    prefix = f"chart-{series.id}"
    points = series.points
    top = max(p.value for p in points) or 1
    slot = (WIDTH - 2 * MARGIN_SIDE) / len(points)
    bar_width = slot * 0.62
    plot_height = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    parts = [
        f'<svg class="chart-svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" {CHART_PAINT} '
        f'aria-labelledby="{prefix}-title {prefix}-desc" preserveAspectRatio="xMidYMid meet">',
        f'<title id="{prefix}-title">{escape(series.title[lang])}</title>',
        f'<desc id="{prefix}-desc">{escape(_description(series, lang, fmt))}</desc>',
        backdrop(),
        f'<line class="axis" x1="{MARGIN_SIDE}" y1="{HEIGHT - MARGIN_BOTTOM}" '
        f'x2="{WIDTH - MARGIN_SIDE}" y2="{HEIGHT - MARGIN_BOTTOM}" stroke="{RULE}"/>',
    ]
    for index, point in enumerate(points):
        height = max(1.0, plot_height * point.value / top)
        x = MARGIN_SIDE + index * slot + (slot - bar_width) / 2
        y = HEIGHT - MARGIN_BOTTOM - height
        middle = x + bar_width / 2
        parts.append(
            f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_width:.1f}" height="{height:.1f}" '
            f'fill="{BAR}"/>'
            f'<text class="value" x="{middle:.1f}" y="{y - 6:.1f}">{fmt.number(point.value)}</text>'
            f'<text class="year" x="{middle:.1f}" y="{HEIGHT - MARGIN_BOTTOM + 20}" fill="{MUTED}">'
            f"{point.year}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _description(series: ChartSeries, lang: str, fmt: Formatter) -> str:
    unit, language = series.unit[lang], fmt.language
    pairs = [
        f"{p.year}{language.year_suffix}{language.colon}{fmt.number(p.value)}{language.unit_space}{unit}"
        for p in series.points
    ]
    return fmt.language.clause_separator.join(pairs)


def _table(series, lang, fmt: Formatter, labels: ChartLabels, source_url, source_name) -> str:
    rows = []
    for point in series.points:
        note = point.note and mark_quoted_han(typeset(point.note[lang], fmt.language), fmt.language)
        shown = f" <small>{note}</small>" if note else ""
        outlet = escape(typeset(source_name(point.source), fmt.language))
        rows.append(
            f'<tr><th scope="row">{point.year}</th><td>{fmt.number(point.value)}{shown}</td>'
            f'<td><a href="{escape(source_url(point.source))}">{outlet}</a></td></tr>'
        )
    show, year, source = labels.show, labels.year, labels.source
    return (
        f'<details class="chart-data"><summary>{escape(show)}</summary><div class="table-scroll">'
        f"<table><caption>{escape(series.title[lang])}</caption>"
        f'<thead><tr><th scope="col">{escape(year)}</th>'
        f'<th scope="col">{escape((series.quantity or series.unit)[lang])}</th>'
        f'<th scope="col">{escape(source)}</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div></details>"
    )
