"""The real site as readers who change how it is shown meet it, in headless Chromium:
a screen reader's list of links, forced colours (Windows' contrast themes), the text
spacing WCAG 1.4.12 lets a reader ask for, and the keyboard alone. The site is served
and read as in test_browser.py.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from browsing import editions, pages_of_type, representative_pages


def link_names(page) -> dict[str, set[str]]:
    """What a screen reader names each link of the page, and where the links of each name
    lead (URL paths with their #fragment), read from the browser's accessibility tree."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    found = defaultdict(set)
    for node in nodes:
        if node.get("role", {}).get("value") != "link" or node.get("ignored"):
            continue
        url = next((p["value"]["value"] for p in node.get("properties", []) if p["name"] == "url"), "")
        found[node.get("name", {}).get("value", "")].add(url.split("//", 1)[-1].partition("/")[2])
    return found


@pytest.mark.slow
def test_links_of_one_name_lead_to_one_place(served_site, new_page):
    """A screen reader lists a page's links by name: every note's back links were called
    "Back to citation 1", "Back to citation 2"..., and every "About this source" led to
    another source; on the sources page "Timeline", "Sources" and a chapter's title each
    named a dozen places. A name now says which note, event or source it leads to, in
    words: an aside's back link was named with its arrow too."""
    page = new_page(1280, 800)
    paths = set(representative_pages(served_site))
    for kind in ("timeline", "sources"):  # the pages that cite, and where "Cited in" is
        paths |= {found[0] for found in pages_of_type(served_site, kind).values()}
    paths |= {path for path, file in served_site.files.items() if 'class="asides"' in file.read_text("utf-8")}
    ambiguous = []
    for path in sorted(paths):
        page.goto(served_site.url(path))
        for name, targets in link_names(page).items():
            if len(targets) > 1:
                ambiguous.append(f"{path}: {name!r} leads to {len(targets)} places: {sorted(targets)[:3]}")
            if "↩" in name:  # said as "leftwards arrow with hook" before the words
                ambiguous.append(f"{path}: {name!r} is named with its arrow")
    assert not ambiguous, "\n".join(ambiguous)
    assert len(paths) >= 3 * len(editions(served_site))


# WCAG 1.4.12: the spacing a reader may ask for, as its understanding document's
# bookmarklet sets it, on every element.
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"""

# Each label of a chart or map that runs past its drawing's edge, and each two labels of
# a drawing that overlap (by more than half the height of the smaller).
LABELS_LOST = """() => [...document.querySelectorAll("figure svg")].flatMap((svg) => {
  const edge = svg.getBoundingClientRect();
  const labels = [...svg.querySelectorAll("text")].map((t) => [t.textContent, t.getBoundingClientRect()]);
  const past = labels.filter(([, box]) => box.left < edge.left - 1 || box.right > edge.right + 1)
    .map(([text]) => `${text} runs past the edge`);
  const overlapping = labels.flatMap(([text, box], i) => labels.slice(i + 1)
    .filter(([, other]) => Math.min(box.right, other.right) - Math.max(box.left, other.left) > 1
      && Math.min(box.bottom, other.bottom) - Math.max(box.top, other.top) > Math.min(box.height, other.height) / 2)
    .map(([other]) => `${text} overlaps ${other}`));
  return [...past, ...overlapping];
})"""


@pytest.mark.parametrize("width", [320, 1280])
def test_text_spaced_out_as_a_reader_asks_loses_no_label_of_a_chart_or_map(served_site, new_page, width):
    """With WCAG's text spacing a map's labels ran past its edge (Shanghai, Shan County,
    Dongming, cut off on a desktop) and a chart's years ran into one another on a phone.
    The labels keep their places and their set width; the captions and tables, which say
    the same, take the reader's spacing."""
    page = new_page(width, 800)
    drawn = [path for path, file in served_site.files.items() if "<svg" in file.read_text("utf-8")]
    assert len(drawn) >= 4  # the chapter with the charts and the map in each edition, the cover
    lost = []
    for path in drawn:
        page.goto(served_site.url(path))
        page.add_style_tag(content=TEXT_SPACING)
        lost += [f"{path}: {problem}" for problem in page.evaluate(LABELS_LOST)]
        wider = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        if wider > 0:
            lost.append(f"{path}: scrolls {wider} px sideways")
    assert not lost, "\n".join(lost)


# The page's background, the current chapter's number's and another's in the chapter list,
# and the marker of a timeline event (on the timeline page), as the browser paints them.
MARKERS = """() => {
  const paint = (el, pseudo) => el ? getComputedStyle(el, pseudo).backgroundColor : null;
  return {
    page: paint(document.body),
    current: paint(document.querySelector(".progress .current .progress-number")),
    other: paint(document.querySelector(".progress li:not(.current) .progress-number")),
    event: paint(document.querySelector(".timeline li"), "::before"),
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_forced_colours_keep_the_open_chapters_mark_and_the_timelines_dots(served_site, new_page, scheme):
    """A contrast theme (Windows) paints every background its own: the filled number that
    says which chapter is open in the chapter list, and the dot of each timeline event,
    were drawn in the page's colour, and vanished."""
    page = new_page(1280, 800, forced_colors="active", color_scheme=scheme)
    for lang, paths in pages_of_type(served_site, "chapter").items():
        page.goto(served_site.url(paths[0]))
        marks = page.evaluate(MARKERS)
        assert marks["current"] not in (marks["page"], marks["other"]), (lang, marks)
        page.goto(served_site.url(pages_of_type(served_site, "timeline")[lang][0]))
        marks = page.evaluate(MARKERS)
        assert marks["event"] != marks["page"], (lang, marks)
