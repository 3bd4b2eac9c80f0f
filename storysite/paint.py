"""The colours of static/style.css's light scheme: for the charts and maps seen without
it, and for the share cards.

Charts and maps are inline SVG, painted on the site by the stylesheet in either
scheme. A feed reader shows them without it, where a shape with no paint of its own
is filled black and the labels on it vanish. So each shape also carries these
colours as SVG presentation attributes: on the site any rule of the stylesheet that
sets the same property wins over them (dark mode too). tests/test_maps.py checks
them against the stylesheet.

A feed reader in a dark theme shows the SVG on its own dark background, where the
ink of the labels vanishes: each chart and map lays its own paper (BACKDROP) first,
which the stylesheet paints as the page's, in either scheme.
"""

from __future__ import annotations

INK = "#1f1d1a"
MUTED = "#5f5a52"
PAPER = "#fbf8f3"
RULE = "#ddd5c8"
ACCENT = "#a3271d"
BAR = "#a3271d"
MAP_LAND = "#ebe5da"
MAP_REGION = "#d6cbb8"
MAP_FOCUS = "#eab4a5"


def backdrop() -> str:
    """The paper under a chart's or map's drawing, the whole of its viewBox."""
    return f'<rect class="backdrop" width="100%" height="100%" fill="{PAPER}"/>'
